-- The rows whose normalised name the current normaliser writes otherwise (NamaNormalRefresh), with the name it was
-- computed from: a row renamed meanwhile by an import keeps what the import wrote.
CREATE TEMP TABLE IF NOT EXISTS nama_baru (
    id          bigint NOT NULL,
    nama        text   NOT NULL,
    nama_normal text   NOT NULL
) ON COMMIT DROP;

TRUNCATE nama_baru;
