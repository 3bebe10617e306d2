-- Reconciliation runs in shards, one per (day, kecamatan), so several Hangfire servers share a night (SPEC 4).
-- A shard records its completion here in the same transaction as its results; the day is finished once all 29 completed.
-- mode FULL: the shard moved the present state (coverage.entry_status, coverage.flag) to this day.
-- mode BACKFILL: a day earlier than the kecamatan's latest FULL day; only its counts were recorded (see docs/coverage.md).
CREATE TABLE coverage.run (
    as_of          date        NOT NULL,
    kecamatan_code char(6)     NOT NULL REFERENCES ref.kecamatan (code),
    mode           text        NOT NULL CHECK (mode IN ('FULL', 'BACKFILL')),
    entries        integer     NOT NULL,
    completed_at   timestamptz NOT NULL,
    PRIMARY KEY (as_of, kecamatan_code)
);

CREATE INDEX run_kecamatan_idx ON coverage.run (kecamatan_code, as_of);

-- Each shard's counts for its day; folded into coverage.daily_count only when the whole day is complete,
-- so the digest never reads a day that some kecamatan have not reached yet.
CREATE TABLE coverage.shard_count (
    as_of          date     NOT NULL,
    kecamatan_code char(6)  NOT NULL,
    kode_desa      char(10) NOT NULL,
    peran          text     NOT NULL,
    status         text     NOT NULL,
    people         integer  NOT NULL,
    PRIMARY KEY (as_of, kode_desa, peran, status)
);

CREATE INDEX shard_count_kecamatan_idx ON coverage.shard_count (as_of, kecamatan_code);

-- Days whose coverage.daily_count is complete (every kecamatan reconciled).
CREATE TABLE coverage.day (
    as_of       date        PRIMARY KEY,
    finished_at timestamptz NOT NULL
);

-- What changed on a day (the digest's "this week") and a kecamatan's flag history.
CREATE INDEX flag_entry_idx ON coverage.flag (entry_id);
CREATE INDEX flag_opened_on_idx ON coverage.flag (opened_on);
CREATE INDEX flag_resolved_on_idx ON coverage.flag (resolved_on);
