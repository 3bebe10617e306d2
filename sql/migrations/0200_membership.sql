-- The BPJS Ketenagakerjaan membership register as of the newest complete file (SPEC 2.3, 2.4).
-- One person may have several records (an old inactive KPJ and a new one, a PU and a BPU membership).
CREATE SCHEMA membership;

CREATE TABLE membership.record (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nik           char(16) NOT NULL,
    kpj           text     NOT NULL,
    nama          text     NOT NULL,
    tanggal_lahir date,
    segmen        text     NOT NULL CHECK (segmen IN ('PU', 'BPU', 'JAKON', 'PMI')),
    program       text[]   NOT NULL,
    status        text     NOT NULL CHECK (status IN ('AKTIF', 'NONAKTIF')),
    iuran_sampai  date
);

CREATE INDEX record_nik_idx ON membership.record (nik);
