-- A run of a day: one `reconcile` command or one trigger of reconcile-coverage, whose 29 shards carry its id. The day is
-- finished once per run, by the shard that completes the run's last kecamatan (docs/coverage.md, "Finishing the day"):
-- counted by coverage.run (as_of, kecamatan_code) instead, an earlier run of the day made every shard of a second run
-- the last, and each wrote the day's counts again.
CREATE TABLE coverage.day_run (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    as_of       date        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz
);

CREATE INDEX day_run_as_of_idx ON coverage.day_run (as_of);

-- The kecamatan a run's shards completed, each once however often it was retried: a shard is done only for its own run.
CREATE TABLE coverage.day_run_shard (
    run_id         bigint      NOT NULL REFERENCES coverage.day_run (id),
    kecamatan_code char(6)     NOT NULL REFERENCES ref.kecamatan (code),
    completed_at   timestamptz NOT NULL,
    PRIMARY KEY (run_id, kecamatan_code)
);
