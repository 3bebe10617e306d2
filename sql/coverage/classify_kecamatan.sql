-- SPEC 3.2: the coverage status as of the day of the kecamatan's active roster entries in reconcile_scope (all of them,
-- or those an incremental shard redoes), from the matches just made (scope_entry: their roster rows, matching/match_scope).
-- The best record of the matched person: active before inactive, later iuran_sampai first (then kpj, for a stable choice).
CREATE TEMP TABLE coverage_shard (
    entry_id       bigint PRIMARY KEY,
    kode_desa      char(10) NOT NULL,
    kecamatan_code char(6)  NOT NULL,
    peran          text     NOT NULL,
    status         text     NOT NULL,
    kpj            text,
    metode         text,
    skor           numeric(4, 3),
    alasan         text,
    iuran_sampai   date
) ON COMMIT DROP;

INSERT INTO coverage_shard (entry_id, kode_desa, kecamatan_code, peran, status, kpj, metode, skor, alasan, iuran_sampai)
SELECT
    e.id AS entry_id,
    e.kode_desa,
    d.kecamatan_code,
    e.peran,
    CASE
        WHEN r.id IS NULL THEN 'NOT_REGISTERED'
        WHEN m.is_probable THEN 'NEEDS_REVIEW'
        WHEN r.status = 'NONAKTIF' THEN 'INACTIVE'
        -- An active record without a paid-through date proves no payment: precision first (SPEC 3.3), never COVERED.
        WHEN r.iuran_sampai IS NULL OR r.iuran_sampai < @AsOf THEN 'LAPSED'
        -- JKK and JKM are the two programmes the MoU guarantees.
        WHEN NOT (r.program @> ARRAY['JKK', 'JKM']::text[]) THEN 'PARTIAL'
        WHEN r.iuran_sampai < @AsOf + @ExpiringWindowDays THEN 'EXPIRING'
        ELSE 'COVERED'
    END AS status,
    r.kpj,
    CASE WHEN r.id IS NOT NULL THEN m.metode END AS metode,
    CASE WHEN r.id IS NOT NULL THEN m.skor END AS skor,
    CASE WHEN r.id IS NOT NULL THEN m.alasan END AS alasan,
    r.iuran_sampai
FROM scope_entry e
JOIN ref.desa d ON d.code = e.kode_desa
LEFT JOIN matching.match m ON m.entry_id = e.id
LEFT JOIN LATERAL (
    SELECT b.id, b.kpj, b.status, b.program, b.iuran_sampai
    FROM membership.record b
    WHERE b.nik = m.member_nik
    ORDER BY (b.status = 'AKTIF') DESC, b.iuran_sampai DESC NULLS LAST, b.kpj, b.id
    LIMIT 1
) r ON true
WHERE d.kecamatan_code = @KodeKecamatan
  AND e.left_at IS NULL;

-- The flags and the present status join it next.
ANALYZE coverage_shard;
