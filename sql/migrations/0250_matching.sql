-- The link from each active roster entry to the person in the BPJS register (SPEC 3.3); the contract coverage reads.
-- A roster entry links to at most one person. The register is keyed by NIK because its rows are replaced with every file.
CREATE SCHEMA matching;

CREATE TABLE matching.match (
    entry_id    bigint       PRIMARY KEY REFERENCES roster.entry (id),
    member_nik  char(16)     NOT NULL,
    metode      text         NOT NULL CHECK (metode IN ('NIK', 'NIK_KOREKSI', 'NAMA_TGL_LAHIR', 'KEPUTUSAN_ADMIN')),
    -- A probable match (same name and birth date only) is not proof: the entry is NEEDS_REVIEW until an admin decides.
    is_probable boolean      NOT NULL,
    skor        numeric(4, 3) NOT NULL,
    alasan      text         NOT NULL
);

CREATE INDEX match_member_nik_idx ON matching.match (member_nik);
