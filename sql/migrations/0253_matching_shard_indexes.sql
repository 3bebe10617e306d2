-- Reconciliation works one kecamatan at a time (SPEC 3.3): these let each shard read its own part of the roster and
-- register instead of the whole regency (docs/benchmarks.md, "Reconciliation performance").

-- The shard's roster entries, by the very expression the matcher filters on.
CREATE INDEX entry_kecamatan_idx ON roster.entry (left(kode_desa, 6));

-- Rule 2 with a birth date that differs: the typo is in digits 7-12, so the NIK's first five digits are the roster
-- NIK's; the register is read by name and that prefix instead of probing all 159 NIK neighbours.
CREATE INDEX record_nama_nik_idx ON membership.record (nama_normal, nik);

-- Where a register NIK is one typo away from a roster NIK: exactly the (posisi, lebar) matching.nik_tetangga(a)
-- yields for b, or no row; computed from the two NIKs, so rule 2 can start from the register rows of the same name.
CREATE FUNCTION matching.nik_selisih(a text, b text) RETURNS TABLE (posisi integer, lebar integer)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH beda AS (
        SELECT array_agg(p ORDER BY p) AS ps
        FROM generate_series(1, 16) AS p
        WHERE substr(a, p, 1) IS DISTINCT FROM substr(b, p, 1)
    )
    SELECT ps[1], 1
    FROM beda
    WHERE length(a) = length(b) AND cardinality(ps) = 1 AND substr(b, ps[1], 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
    UNION ALL
    SELECT ps[1], 2
    FROM beda
    WHERE length(a) = length(b) AND cardinality(ps) = 2 AND ps[2] = ps[1] + 1
      AND substr(a, ps[1], 1) = substr(b, ps[2], 1) AND substr(a, ps[2], 1) = substr(b, ps[1], 1)
$$;

ANALYZE roster.entry;
ANALYZE membership.record;
