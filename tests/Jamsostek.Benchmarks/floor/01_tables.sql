-- The floor: what PostgreSQL alone does with the same files, against which the worker's own paths are measured.
-- Bare tables: no keys, no indexes, no constraints; roster columns as text exactly as the villages wrote them.
-- The harness loads them with one `\copy` per file (generated from roster_manifest.csv, because \copy takes literal paths).
DROP SCHEMA IF EXISTS floor CASCADE;
CREATE SCHEMA floor;

CREATE TABLE floor.roster (
    kode_desa     text,
    nik           text,
    nama          text,
    tanggal_lahir text,
    jenis_kelamin text,
    peran         text,
    no_hp         text
);

CREATE TABLE floor.membership (
    nik           text,
    kpj           text,
    nama          text,
    tanggal_lahir date,
    segmen        text,
    program       text,
    status        text,
    iuran_sampai  date
);
