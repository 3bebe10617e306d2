-- Every roster entry of the kecamatan, active or not (an entry that left loses its match): the scope of a full match.
DROP TABLE IF EXISTS reconcile_scope;
CREATE TEMP TABLE reconcile_scope (entry_id bigint PRIMARY KEY) ON COMMIT DROP;

INSERT INTO reconcile_scope (entry_id)
SELECT e.id
FROM roster.entry e
WHERE left(e.kode_desa, 6) = @KodeKecamatan;

ANALYZE reconcile_scope;
