-- One file's or one pull's rows, good and bad, for the set-based merge (dropped at commit; temp tables are not WAL-logged).
-- Good rows have alasan NULL; bad rows keep what the village wrote in *_asli and the codes that did parse.
-- The merge hashes a million rows at a time: give this transaction the memory to do it without spilling to disk.
SET LOCAL work_mem = '256MB';
-- A snapshot lost in a crash is written again by the next import of the same file or pull (the content hash only skips
-- what was committed), so this transaction need not wait for its WAL flush: 326 per-desa files were 326 flushes.
SET LOCAL synchronous_commit = off;

-- The files of one run share a transaction (RosterBatch): the table is made once and emptied for each file.
CREATE TEMP TABLE IF NOT EXISTS roster_stage (
    baris          integer NOT NULL,
    kode_desa      char(10),
    nik            char(16),
    peran          text,
    nama           text,
    nama_normal    text,
    tanggal_lahir  date,
    tanggal_lahir_tertulis date,
    jenis_kelamin  char(1),
    no_hp          text,
    peringatan     text[],
    alasan         text,
    kode_desa_asli text,
    nik_asli       text
) ON COMMIT DROP;

TRUNCATE roster_stage;
