-- The incremental night's changes, gathered once for the regency before its shards fan out (docs/coverage.md, "The
-- incremental night": rows a-d and f of its table, why they suffice, and "Gathered once"): the entries a change since
-- the oldest kecamatan state may give another result, each with the transaction of that change. A shard redoes its
-- kecamatan's rows whose transaction its own state did not see (coverage/gathered_entries). Gathered in each of 29
-- shards, joining the regency's changes with every kecamatan's entries and candidates was half of a 1%-changed night.
-- Nothing is gathered before any kecamatan has a state, or after a wholesale change (every shard then recomputes in full).
-- The caller holds the gathering's session lock (AdvisoryLockKeys.CoverageGathering) from before this transaction began.
DELETE FROM coverage.changed_entry;
DELETE FROM coverage.changed_entry_state;
-- A night's changes cannot be estimated from the change logs (a few thousand rows looked like millions), and JIT
-- compiling for those estimates cost seconds.
SET LOCAL jit = off;

DROP TABLE IF EXISTS dari;
CREATE TEMP TABLE dari ON COMMIT DROP AS
SELECT min(pg_snapshot_xmin(s.snapshot)) AS xid, pg_current_snapshot() AS snapshot
FROM coverage.shard_state s
HAVING count(*) > 0
   AND NOT EXISTS (
       SELECT 1 FROM membership.record_change c
       WHERE c.xid >= min(pg_snapshot_xmin(s.snapshot)) AND c.nik IS NULL)
   AND NOT EXISTS (
       SELECT 1 FROM roster.entry_change c
       WHERE c.xid >= min(pg_snapshot_xmin(s.snapshot)) AND c.nik IS NULL AND c.id_dari IS NULL);

-- The register: per transaction and identity, whether a record version both left and arrived with it.
DROP TABLE IF EXISTS anggota_berubah;
CREATE TEMP TABLE anggota_berubah ON COMMIT DROP AS
SELECT c.xid, c.nik, c.nama_normal, c.tanggal_lahir, NOT (bool_or(c.baru) AND bool_or(NOT c.baru)) AS identitas
FROM membership.record_change c, dari
WHERE c.xid >= dari.xid
GROUP BY c.xid, c.nik, c.nama_normal, c.tanggal_lahir;

-- The roster: identities written since (before and after), inserted entries by id range, and entries whose NIK came into
-- or left the register.
DROP TABLE IF EXISTS lain_berubah;
CREATE TEMP TABLE lain_berubah ON COMMIT DROP AS
SELECT c.xid, c.nik, c.nama_normal, c.tanggal_lahir
FROM roster.entry_change c, dari
WHERE c.xid >= dari.xid AND c.nik IS NOT NULL
UNION ALL
SELECT c.xid, e.nik, e.nama_normal, e.tanggal_lahir
FROM roster.entry_change c
CROSS JOIN dari
JOIN roster.entry e ON e.id BETWEEN c.id_dari AND c.id_sampai
WHERE c.xid >= dari.xid AND c.id_dari IS NOT NULL
UNION ALL
SELECT t.xid, e.nik, e.nama_normal, e.tanggal_lahir
FROM (SELECT DISTINCT xid, nik FROM anggota_berubah WHERE identitas) t
CROSS JOIN LATERAL (SELECT e.nik, e.nama_normal, e.tanggal_lahir FROM roster.entry e WHERE e.nik = t.nik OFFSET 0) e;

-- Planned from their sizes: a night's few thousand rows, against a million entries probed by index or scanned once.
ANALYZE anggota_berubah, lain_berubah;

SET LOCAL enable_mergejoin = off;
WITH nik_berubah AS MATERIALIZED (
    SELECT DISTINCT xid, nik FROM anggota_berubah
),
identitas_berubah AS MATERIALIZED (
    SELECT DISTINCT xid, nik, nama_normal, tanggal_lahir FROM anggota_berubah WHERE identitas
),
ditemukan (entry_id, xid) AS (
    -- The entry itself was written since (its identity, written birth date, desa, role or departure, or it was inserted):
    -- lain_berubah holds its NIK before and after, and it is found under its NIK now.
    SELECT e.id, x.xid
    FROM (SELECT DISTINCT xid, nik FROM lain_berubah) x
    CROSS JOIN LATERAL (SELECT e.id FROM roster.entry e WHERE e.nik = x.nik OFFSET 0) e
    UNION ALL
    -- The records of its own NIK changed: rule 1 and the status.
    SELECT e.id, n.xid
    FROM nik_berubah n
    CROSS JOIN LATERAL (SELECT e.id FROM roster.entry e WHERE e.nik = n.nik OFFSET 0) e
    UNION ALL
    -- The records of the person it is matched to by rules 2-3 or an admin changed.
    SELECT m.entry_id, n.xid
    FROM nik_berubah n
    CROSS JOIN LATERAL (SELECT m.entry_id FROM matching.match m WHERE m.member_nik = n.nik AND m.metode <> 'NIK' OFFSET 0) m
    UNION ALL
    -- Its rule 2/3 candidate's safeguards read something that changed: a roster entry under the person's NIK, one with
    -- the entry's name and the person's birth date, or one a typo from the person's NIK. A typo (one digit, or two
    -- neighbours swapped) lies within digits 1-6, 6-11 or 11-16, so a NIK one typo away keeps digits 7-16, 1-5 and
    -- 12-16, or 1-10: joined on name and digits 12-16 (the first two) or 1-10, only the few namesakes sharing them are
    -- compared (common names meet thousands of times by name alone). Each join computes its key for every candidate;
    -- joined once per kind of typo, the first two cost the night 0.15 s more.
    SELECT k.entry_id, x.xid
    FROM matching.kandidat k
    JOIN lain_berubah x ON x.nik = k.member_nik
    UNION ALL
    SELECT k.entry_id, x.xid
    FROM matching.kandidat k
    JOIN lain_berubah x ON x.nama_normal = k.nama_normal AND x.tanggal_lahir = k.tanggal_anggota
    UNION ALL
    SELECT k.entry_id, x.xid
    FROM matching.kandidat k
    JOIN lain_berubah x ON x.nama_normal = k.nama_normal AND right(x.nik, 5) = right(k.member_nik, 5)
    WHERE (right(x.nik, 10) = right(k.member_nik, 10) OR left(x.nik, 5) = left(k.member_nik, 5))
      AND EXISTS (SELECT 1 FROM matching.nik_selisih(x.nik, k.member_nik))
    UNION ALL
    SELECT k.entry_id, x.xid
    FROM matching.kandidat k
    JOIN lain_berubah x ON x.nama_normal = k.nama_normal AND left(x.nik, 10) = left(k.member_nik, 10)
    WHERE EXISTS (SELECT 1 FROM matching.nik_selisih(x.nik, k.member_nik))
    UNION ALL
    -- A register person arrived or left with its name and birth date (rule 3, rule 2 without a date typo) ... Not an entry
    -- rule 1 matched outright: it never reaches rules 2 and 3, and its own NIK's records changing is nik_berubah's.
    SELECT e.id, t.xid
    FROM identitas_berubah t
    JOIN roster.entry e ON e.tanggal_lahir = t.tanggal_lahir AND e.nama_normal = t.nama_normal
    WHERE NOT EXISTS (SELECT 1 FROM matching.match m WHERE m.entry_id = e.id AND m.metode = 'NIK' AND NOT m.is_probable)
    UNION ALL
    -- ... or with its name and a NIK that a typo in digits 7-12 would explain (rule 2 with a date typo), by the index of
    -- migration 0307.
    SELECT e.id, t.xid
    FROM identitas_berubah t
    CROSS JOIN LATERAL (
        SELECT e.id FROM roster.entry e
        WHERE e.nama_normal = t.nama_normal AND left(e.nik, 5) = left(t.nik, 5) AND right(e.nik, 3) = right(t.nik, 3)
        OFFSET 0) e
    WHERE NOT EXISTS (SELECT 1 FROM matching.match m WHERE m.entry_id = e.id AND m.metode = 'NIK' AND NOT m.is_probable)
)
INSERT INTO coverage.changed_entry (kecamatan_code, entry_id, xid)
SELECT e.kecamatan_code, d.entry_id, d.xid
FROM (SELECT DISTINCT entry_id, xid FROM ditemukan) d
CROSS JOIN LATERAL (SELECT left(e.kode_desa, 6) AS kecamatan_code FROM roster.entry e WHERE e.id = d.entry_id OFFSET 0) e;

INSERT INTO coverage.changed_entry_state (dari, snapshot)
SELECT xid, snapshot FROM dari;
