-- Coverage of each active roster entry as of a day (SPEC 3.2). These three tables are the contract the digest reads.
CREATE SCHEMA coverage;

CREATE TABLE coverage.entry_status (
    entry_id       bigint   PRIMARY KEY REFERENCES roster.entry (id),
    as_of          date     NOT NULL,
    kode_desa      char(10) NOT NULL,
    kecamatan_code char(6)  NOT NULL,
    peran          text     NOT NULL,
    status         text     NOT NULL CHECK (status IN
        ('NOT_REGISTERED', 'NEEDS_REVIEW', 'INACTIVE', 'LAPSED', 'PARTIAL', 'EXPIRING', 'COVERED')),
    kpj            text,
    metode         text CHECK (metode IN ('NIK', 'NIK_KOREKSI', 'NAMA_TGL_LAHIR', 'KEPUTUSAN_ADMIN')),
    skor           numeric(4, 3),
    alasan         text,
    iuran_sampai   date
);

CREATE INDEX entry_status_kecamatan_idx ON coverage.entry_status (kecamatan_code, status);

-- Every status but COVERED is a flag; it opens when it first appears and resolves when it is gone.
CREATE TABLE coverage.flag (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id    bigint NOT NULL REFERENCES roster.entry (id),
    status      text   NOT NULL,
    opened_on   date   NOT NULL,
    resolved_on date
);

CREATE UNIQUE INDEX flag_open_idx ON coverage.flag (entry_id, status) WHERE resolved_on IS NULL;

-- The day's counts per desa, role and status, for trends.
CREATE TABLE coverage.daily_count (
    as_of     date     NOT NULL,
    kode_desa char(10) NOT NULL,
    peran     text     NOT NULL,
    status    text     NOT NULL,
    people    integer  NOT NULL,
    PRIMARY KEY (as_of, kode_desa, peran, status)
);
