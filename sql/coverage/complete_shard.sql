-- A shard's completion in its run, and whether it is the shard that finishes the day. Run last in the shard's transaction,
-- under the day's lock (lock_day.sql): every other shard of the day decides under it too and holds it until its commit,
-- so this one sees every completion but those still to decide, and exactly one shard decides that a run is complete.
-- A shard finishes the day:
-- - of a run not finished yet (@RunId), when it completes the run's last kecamatan: once per run, however many earlier
--   runs of the day completed every kecamatan, and however often a shard of the run was retried before;
-- - of a run finished already (a retry that ran again after the run finished), or outside any run (a job enqueued
--   before runs had ids, a shard run on its own), when the day is complete (every kecamatan has a shard of the day in
--   coverage.run) and either was never finished or this shard changed its kecamatan's counts (@CountsChanged,
--   record_shard.sql): the day's counts never lag the shards', and a retry that changed nothing writes nothing.
-- A run id of another day (or none such) is not recorded; the caller refuses it (run_as_of).
INSERT INTO coverage.day_run_shard (run_id, kecamatan_code, completed_at)
SELECT r.id, @KodeKecamatan, @CompletedAt
FROM coverage.day_run r
WHERE r.id = @RunId AND r.as_of = @AsOf
ON CONFLICT (run_id, kecamatan_code) DO UPDATE SET completed_at = excluded.completed_at;

SELECT
    r.as_of AS run_as_of,
    CASE
        WHEN r.id IS NOT NULL AND r.finished_at IS NULL THEN NOT EXISTS (
            SELECT 1
            FROM ref.kecamatan k
            WHERE NOT EXISTS (SELECT 1 FROM coverage.day_run_shard s WHERE s.run_id = r.id AND s.kecamatan_code = k.code))
        ELSE (@CountsChanged OR NOT EXISTS (SELECT 1 FROM coverage.day d WHERE d.as_of = @AsOf))
             AND NOT EXISTS (
                 SELECT 1
                 FROM ref.kecamatan k
                 WHERE NOT EXISTS (SELECT 1 FROM coverage.run x WHERE x.as_of = @AsOf AND x.kecamatan_code = k.code))
    END AS finishes
FROM (SELECT 1) shard
LEFT JOIN coverage.day_run r ON r.id = @RunId;
