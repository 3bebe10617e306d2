-- The entries of the kecamatan an incremental shard redoes: those whose inputs changed since the snapshot its present
-- state was computed from (coverage.shard_state), their own or, for rule 2/3 candidates, those of the precision
-- safeguards. Every other entry's match and status are what a full shard would compute again. Why this set suffices:
-- docs/coverage.md, "The incremental night".
-- The changes since a snapshot cannot be estimated (a night's few thousand rows look like millions): JIT compiling this
-- shard's statements for those estimates took 2 of its 2.8 seconds at default scale.
SET LOCAL jit = off;
DROP TABLE IF EXISTS reconcile_scope;
CREATE TEMP TABLE reconcile_scope (entry_id bigint PRIMARY KEY) ON COMMIT DROP;

WITH dulu AS (
    SELECT s.snapshot, s.as_of, pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS berikut
    FROM coverage.shard_state s
    WHERE s.kecamatan_code = @KodeKecamatan
),
perubahan AS MATERIALIZED (
    SELECT c.xid, c.nik, c.nama_normal, c.tanggal_lahir, c.baru
    FROM membership.record_change c, dulu
    WHERE c.xid >= pg_snapshot_xmin(dulu.snapshot)
      AND NOT pg_visible_in_snapshot(c.xid, dulu.snapshot)
),
nik_berubah AS MATERIALIZED (
    SELECT DISTINCT nik FROM perubahan
),
-- A record version that left and one that arrived with the same NIK, name and birth date in one transaction (a payment,
-- a reactivation) leave the candidates of rules 2 and 3 as they were; only the NIK's status can change.
identitas_berubah AS MATERIALIZED (
    SELECT nik, nama_normal, tanggal_lahir
    FROM perubahan
    GROUP BY xid, nik, nama_normal, tanggal_lahir
    HAVING NOT (bool_or(baru) AND bool_or(NOT baru))
),
entri AS MATERIALIZED (
    SELECT e.id, e.nik, e.nama_normal, e.xmin::text::bigint AS xmin
    FROM roster.entry e
    WHERE left(e.kode_desa, 6) = @KodeKecamatan
),
-- Roster entries anywhere in the regency that a candidate's precision safeguards may have read differently at S: those
-- written since (their identity before and after; inserted ones by id range) and those whose NIK came into or left the
-- register (a roster NIK counts as a rival only while unregistered).
lain_berubah AS MATERIALIZED (
    SELECT c.nik, c.nama_normal, c.tanggal_lahir
    FROM roster.entry_change c, dulu
    WHERE c.xid >= pg_snapshot_xmin(dulu.snapshot)
      AND NOT pg_visible_in_snapshot(c.xid, dulu.snapshot)
      AND c.nik IS NOT NULL
    UNION
    SELECT e.nik, e.nama_normal, e.tanggal_lahir
    FROM roster.entry_change c
    CROSS JOIN dulu
    JOIN roster.entry e ON e.id BETWEEN c.id_dari AND c.id_sampai
    WHERE c.xid >= pg_snapshot_xmin(dulu.snapshot)
      AND NOT pg_visible_in_snapshot(c.xid, dulu.snapshot)
    UNION
    SELECT e.nik, e.nama_normal, e.tanggal_lahir
    FROM (SELECT DISTINCT nik FROM identitas_berubah) t
    JOIN roster.entry e ON e.nik = t.nik
),
kandidat AS MATERIALIZED (
    SELECT k.entry_id, k.member_nik, k.nama_normal, k.tanggal_anggota
    FROM entri e
    JOIN matching.kandidat k ON k.entry_id = e.id
)
INSERT INTO reconcile_scope (entry_id)
-- The entry appeared, changed or left since (every write gives its row a new xmin). The 32-bit xmin is widened to
-- an xid8 with the current epoch: a row that can be newer than the snapshot is younger than 2^31 transactions.
SELECT e.id
FROM entri e, dulu
WHERE NOT pg_visible_in_snapshot(
    (CASE WHEN (((dulu.berikut >> 32) << 32) | e.xmin) >= dulu.berikut
          THEN (((dulu.berikut >> 32) << 32) | e.xmin) - 4294967296
          ELSE (((dulu.berikut >> 32) << 32) | e.xmin) END)::text::xid8,
    dulu.snapshot)
UNION
-- The records of its own NIK changed: rule 1 and the status.
SELECT e.id
FROM entri e
JOIN nik_berubah n ON n.nik = e.nik
UNION
-- The records of the person it is matched to changed: the status, or an admin's match whose person left the register.
SELECT m.entry_id
FROM entri e
JOIN matching.match m ON m.entry_id = e.id
JOIN nik_berubah n ON n.nik = m.member_nik
UNION
-- Rules 2 and 3 found a register person for it last time, and what the precision safeguards read about that person
-- changed: a roster entry under the person's NIK, or one with the entry's name and the person's birth date or a NIK one
-- typo from the person's (those that count are unregistered and active) ...
SELECT k.entry_id
FROM kandidat k
JOIN lain_berubah x ON x.nik = k.member_nik
UNION
SELECT k.entry_id
FROM kandidat k
JOIN lain_berubah x ON x.nama_normal = k.nama_normal AND x.tanggal_lahir = k.tanggal_anggota
UNION
-- A typo changes at most two neighbouring digits, so a NIK one typo away keeps digits 1-7 or digits 10-16: joined on
-- those, only the few namesakes sharing them are compared (common names meet thousands of times by name alone).
SELECT k.entry_id
FROM kandidat k
JOIN lain_berubah x ON x.nama_normal = k.nama_normal AND left(x.nik, 7) = left(k.member_nik, 7)
WHERE EXISTS (SELECT 1 FROM matching.nik_selisih(x.nik, k.member_nik))
UNION
SELECT k.entry_id
FROM kandidat k
JOIN lain_berubah x ON x.nama_normal = k.nama_normal AND right(x.nik, 7) = right(k.member_nik, 7)
WHERE EXISTS (SELECT 1 FROM matching.nik_selisih(x.nik, k.member_nik))
UNION
-- ... or an admin decided on the person for some entry (decisions are few; the deciding entry may have left since).
SELECT k.entry_id
FROM kandidat k
WHERE EXISTS (SELECT 1 FROM matching.review_decision d WHERE d.member_nik = k.member_nik)
UNION
-- An admin decided on it: an accepted match follows the latest decision.
SELECT d.entry_id
FROM entri e
JOIN matching.review_decision d ON d.entry_id = e.id
UNION
-- A register person arrived or left with its name and birth date (rule 3, rule 2 without a date typo) ...
SELECT e.id
FROM identitas_berubah t
JOIN roster.entry e ON e.tanggal_lahir = t.tanggal_lahir AND e.nama_normal = t.nama_normal
WHERE left(e.kode_desa, 6) = @KodeKecamatan
UNION
-- ... or with its name and a NIK that a typo in digits 7-12 would explain (rule 2 with a date typo).
SELECT e.id
FROM identitas_berubah t
JOIN entri e ON e.nama_normal = t.nama_normal AND left(e.nik, 5) = left(t.nik, 5) AND right(e.nik, 3) = right(t.nik, 3)
UNION
-- The date alone moves its status: the paid-through day passed the day, or entered the expiring window.
SELECT s.entry_id
FROM coverage.entry_status s, dulu
WHERE s.kecamatan_code = @KodeKecamatan
  AND ((s.iuran_sampai >= dulu.as_of AND s.iuran_sampai < @AsOf)
       OR (s.iuran_sampai >= dulu.as_of + @ExpiringWindowDays AND s.iuran_sampai < @AsOf + @ExpiringWindowDays));

ANALYZE reconcile_scope;
