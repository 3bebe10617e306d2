-- An incremental shard's figures are those of the state's day moved by what the shard redid (docs/coverage.md, "The
-- incremental night"): recounting the whole kecamatan for a night's few changes was most of a night's counting. Run by
-- every shard (record_shard reads the table), filled only when @Counting is CHANGES; after classify_kecamatan and before
-- replace_entry_status, while coverage.entry_status still holds the state's rows: for the
-- entries in scope_entry their rows before (-1) and after (+1, coverage_shard; none for an entry that left), and for their
-- NIKs in their desa the person before and after (a NIK once per desa, under its first status in SPEC 3.2's order).
CREATE TEMP TABLE counted_change (
    kode_desa char(10) NOT NULL,
    peran     text, -- NULL on a row of people
    status    text     NOT NULL,
    change    integer  NOT NULL
) ON COMMIT DROP;

INSERT INTO counted_change (kode_desa, peran, status, change)
-- Every entry of the redone NIKs in their desa, redone or not (another role), with its status before and after. OFFSET 0
-- keeps the entries a probe per NIK: joined, the planner multiplied the two columns' selectivities, expected two rows
-- and scanned the shard's temp tables once for each entry.
WITH person_entry AS (
    SELECT person.kode_desa, person.nik, before.status AS before,
           CASE WHEN listed.redone THEN after.status ELSE before.status END AS after
    FROM (SELECT DISTINCT kode_desa, nik FROM scope_entry) person
    CROSS JOIN LATERAL (
        SELECT e.id, EXISTS (SELECT 1 FROM scope_entry z WHERE z.id = e.id) AS redone
        FROM roster.entry e
        WHERE e.kode_desa = person.kode_desa AND e.nik = person.nik
        OFFSET 0
    ) listed
    LEFT JOIN coverage.entry_status before ON before.entry_id = listed.id
    LEFT JOIN coverage_shard after ON after.entry_id = listed.id
)
SELECT s.kode_desa, s.peran, s.status, -1
FROM scope_entry z
JOIN coverage.entry_status s ON s.entry_id = z.id
WHERE @Counting = 'CHANGES'
UNION ALL
SELECT kode_desa, peran, status, 1
FROM coverage_shard
WHERE @Counting = 'CHANGES'
UNION ALL
SELECT kode_desa, NULL, (coverage.status_order())[min(array_position(coverage.status_order(), before))], -1
FROM person_entry
WHERE @Counting = 'CHANGES' AND before IS NOT NULL
GROUP BY kode_desa, nik
UNION ALL
SELECT kode_desa, NULL, (coverage.status_order())[min(array_position(coverage.status_order(), after))], 1
FROM person_entry
WHERE @Counting = 'CHANGES' AND after IS NOT NULL
GROUP BY kode_desa, nik;
