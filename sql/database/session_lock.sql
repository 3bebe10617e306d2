-- A session advisory lock (Database/SessionLock.cs lists the keys): held across transactions until released.
SELECT pg_advisory_lock(@Key);
