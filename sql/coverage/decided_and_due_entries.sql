-- What an incremental shard redoes besides the entries the night's changes affect (coverage/gathered_entries): what an
-- admin decided, and what the date alone moves (rows e, g and the decisions of row d in docs/coverage.md, "The
-- incremental night"). Read per kecamatan every night: decisions are few, and the date moves for any entry.
INSERT INTO reconcile_scope (entry_id)
-- A rule 2/3 candidate whose person an admin decided on for some entry (the deciding entry may have left since).
SELECT k.entry_id
FROM matching.kandidat k
WHERE k.kecamatan_code = @KodeKecamatan
  AND EXISTS (SELECT 1 FROM matching.review_decision d WHERE d.member_nik = k.member_nik)
UNION
-- An admin decided on it, or on the same person listed in its desa under another role (matching/match_scope): an
-- accepted match follows the latest decision.
SELECT e.id
FROM matching.review_decision d
JOIN roster.entry de ON de.id = d.entry_id
JOIN roster.entry e ON e.kode_desa = de.kode_desa AND e.nik = de.nik
WHERE left(de.kode_desa, 6) = @KodeKecamatan
UNION
-- The paid-through day passed the day, or entered the expiring window.
SELECT s.entry_id
FROM coverage.entry_status s
JOIN coverage.shard_state dulu ON dulu.kecamatan_code = @KodeKecamatan
WHERE s.kecamatan_code = @KodeKecamatan
  AND ((s.iuran_sampai >= dulu.as_of AND s.iuran_sampai < @AsOf)
       OR (s.iuran_sampai >= dulu.as_of + @ExpiringWindowDays AND s.iuran_sampai < @AsOf + @ExpiringWindowDays))
ON CONFLICT (entry_id) DO NOTHING;

ANALYZE reconcile_scope;
