-- A session advisory lock (Database/AdvisoryLockKeys.cs lists the keys): held across transactions until released.
SELECT pg_advisory_lock(@Key);
