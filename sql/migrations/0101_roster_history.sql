-- Roster history the digest reads: which rows were quarantined (SPEC 2.1) and when each desa last sent a snapshot.
-- The rosters capability adds its own bookkeeping in later 01xx migrations.
CREATE TABLE roster.quarantine (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The file name or feed the row came from, and its row number there (SPEC 5, export rejects).
    sumber         text        NOT NULL,
    baris          integer     NOT NULL,
    -- As written by the village: a bad row may carry a bad village code.
    kode_desa      text,
    nik            text,
    nama           text,
    alasan         text        NOT NULL,
    quarantined_at timestamptz NOT NULL,
    resolved_at    timestamptz
);

CREATE INDEX quarantine_unresolved_idx ON roster.quarantine (quarantined_at) WHERE resolved_at IS NULL;

-- The latest snapshot of each desa, from a file or a feed: a desa silent for 90 days shows in the digest.
CREATE TABLE roster.desa_snapshot (
    kode_desa   char(10)    PRIMARY KEY,
    sumber      text        NOT NULL,
    snapshot_at timestamptz NOT NULL
);
