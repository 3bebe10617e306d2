-- Reference data: Kemendagri region codes and OpenSID occupation codes.
-- Codes are stored plain (digits only) so that they join to NIK prefixes and village codes directly;
-- the loader (sql/reference/*.load.sql) fills these tables from the CSV files beside it.
CREATE SCHEMA ref;

CREATE TABLE ref.province (
    code char(2) PRIMARY KEY,
    name text NOT NULL
);

-- Current regencies and the pre-2022 Papua codes: NIKs issued before the split still carry them (SPEC 3.1).
CREATE TABLE ref.regency (
    code          char(4) PRIMARY KEY,
    name          text    NOT NULL,
    province_code char(2) NOT NULL,
    is_current    boolean NOT NULL,
    note          text
);

-- Every kecamatan of Indonesia, current and historical, for the 6-digit NIK prefix.
CREATE TABLE ref.district (
    code         char(6) PRIMARY KEY,
    name         text    NOT NULL,
    regency_code char(4) NOT NULL,
    is_current   boolean NOT NULL
);

-- Kabupaten Serang: the 29 kecamatan and 326 desa this service reports on.
CREATE TABLE ref.kecamatan (
    code char(6) PRIMARY KEY,
    name text    NOT NULL
);

CREATE TABLE ref.desa (
    code           char(10) PRIMARY KEY,
    name           text     NOT NULL,
    kecamatan_code char(6)  NOT NULL REFERENCES ref.kecamatan (code),
    name_variants  text[]   NOT NULL DEFAULT '{}'
);

CREATE INDEX desa_kecamatan_code_idx ON ref.desa (kecamatan_code);

CREATE TABLE ref.pekerjaan (
    id   integer PRIMARY KEY,
    nama text    NOT NULL
);

-- Which OpenSID occupations are target workers, and as which role (SPEC 2.2). Policy, not reference data.
CREATE TABLE ref.pekerjaan_peran (
    pekerjaan_id integer PRIMARY KEY,
    peran        text    NOT NULL
);

INSERT INTO ref.pekerjaan_peran (pekerjaan_id, peran) VALUES
    (9, 'PETANI'),          -- PETANI/PEKEBUN
    (10, 'PETANI'),         -- PETERNAK
    (11, 'NELAYAN'),        -- NELAYAN/PERIKANAN
    (85, 'PERANGKAT_DESA'), -- PERANGKAT DESA
    (86, 'PERANGKAT_DESA'); -- KEPALA DESA

-- The content hash of each loaded file: a file that has not changed is not loaded again.
CREATE TABLE ref.dataset (
    name      text        PRIMARY KEY,
    sha256    text        NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
