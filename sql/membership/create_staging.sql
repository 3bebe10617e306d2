-- The file's valid rows, bulk-copied before anything in the register changes (SPEC 2.4).
CREATE TEMP TABLE membership_staging (
    nik           char(16) NOT NULL,
    kpj           text     NOT NULL,
    nama          text     NOT NULL,
    nama_normal   text     NOT NULL,
    tanggal_lahir date,
    segmen        text     NOT NULL,
    program       text[]   NOT NULL,
    status        text     NOT NULL,
    iuran_sampai  date,
    kunci         uuid     NOT NULL
) ON COMMIT DROP;
