-- Village rosters. roster.entry is the contract the matching and coverage capabilities read:
-- one row per person, village and role; left_at is set when a later snapshot of the village no longer lists them.
CREATE SCHEMA roster;

CREATE TABLE roster.entry (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kode_desa      char(10)    NOT NULL REFERENCES ref.desa (code),
    nik            char(16)    NOT NULL,
    peran          text        NOT NULL,
    nama           text        NOT NULL,
    -- From the NIK: the NIK wins for matching when the roster contradicts it (SPEC 3.1).
    tanggal_lahir  date        NOT NULL,
    jenis_kelamin  char(1)     NOT NULL CHECK (jenis_kelamin IN ('L', 'P')),
    no_hp          text,
    first_seen_at  timestamptz NOT NULL,
    changed_at     timestamptz NOT NULL,
    left_at        timestamptz,
    CONSTRAINT entry_person_role_key UNIQUE (kode_desa, nik, peran)
);

CREATE INDEX entry_nik_idx ON roster.entry (nik);
