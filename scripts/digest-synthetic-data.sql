-- Synthetic rosters and coverage for every desa of Kabupaten Serang, for measuring and demonstrating the weekly digest.
-- Fills the contract tables the digest reads (roster.entry, coverage.entry_status/flag/daily_count, roster.quarantine,
-- roster.desa_snapshot) for the ISO week ending on :'week_end' (a Sunday) and the 12 weeks before it.
-- Usage: psql -v week_end=2026-11-22 -v per_desa=60 -f scripts/digest-synthetic-data.sql
\set ON_ERROR_STOP on
BEGIN;

INSERT INTO roster.entry (kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, jenis_kelamin, first_seen_at, changed_at)
SELECT
    d.code,
    -- kecamatan of issue, birth day (women +40), month, year, serial: a well-formed NIK (SPEC 3.1), made up.
    d.kecamatan_code
        || lpad((1 + (n % 28) + CASE WHEN n % 2 = 0 THEN 40 ELSE 0 END)::text, 2, '0')
        || lpad((1 + (n % 12))::text, 2, '0')
        || lpad((60 + (n % 40))::text, 2, '0')
        || lpad((row_number() OVER (PARTITION BY d.kecamatan_code ORDER BY d.code, n) % 9999 + 1)::text, 4, '0'),
    (ARRAY['BPD', 'KETUA_RT', 'KETUA_RW', 'PERANGKAT_DESA', 'KADER_POSYANDU', 'PENDAMPING_PKH', 'PETANI', 'NELAYAN', 'LAINNYA'])[1 + n % 9],
    p.nama,
    -- Plain two-word names without titles, degrees or old spellings: their normal form (Matching.NamaNormal) is the upper case.
    upper(p.nama),
    make_date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
    CASE WHEN n % 2 = 0 THEN 'P' ELSE 'L' END,
    :'week_end'::date - 200,
    :'week_end'::date - 200
FROM ref.desa d
CROSS JOIN generate_series(1, :per_desa) AS n
CROSS JOIN LATERAL (
    SELECT (ARRAY['Ahmad', 'Siti', 'Budi', 'Dewi', 'Asep', 'Nur', 'Dede', 'Euis', 'Ujang', 'Rina'])[1 + n % 10] || ' '
        || (ARRAY['Saepudin', 'Aminah', 'Santoso', 'Lestari', 'Hidayat', 'Komariah', 'Suryana', 'Rohaeti', 'Supriatna', 'Wulandari'])[1 + (n / 10) % 10] AS nama
) p;

-- Statuses by a stable hash of the entry: about 62% covered, the rest spread over the flags of SPEC 3.2.
INSERT INTO coverage.entry_status (entry_id, as_of, kode_desa, kecamatan_code, peran, status, kpj, iuran_sampai)
SELECT
    e.id, :'week_end'::date, e.kode_desa, left(e.kode_desa, 6), e.peran, s.status,
    CASE WHEN s.status IN ('NOT_REGISTERED', 'NEEDS_REVIEW') THEN NULL ELSE 'KPJ' || lpad(e.id::text, 8, '0') END,
    CASE s.status
        WHEN 'COVERED' THEN :'week_end'::date + 31 + (e.id % 300)::integer
        WHEN 'EXPIRING' THEN :'week_end'::date + 1 + (e.id % 29)::integer
        WHEN 'PARTIAL' THEN :'week_end'::date + 10 + (e.id % 60)::integer
        WHEN 'LAPSED' THEN :'week_end'::date - 1 - (e.id % 90)::integer
        WHEN 'INACTIVE' THEN :'week_end'::date - 100 - (e.id % 300)::integer
    END
FROM roster.entry e
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN e.id % 100 < 55 THEN 'COVERED'
        WHEN e.id % 100 < 62 THEN 'EXPIRING'
        WHEN e.id % 100 < 70 THEN 'PARTIAL'
        WHEN e.id % 100 < 80 THEN 'LAPSED'
        WHEN e.id % 100 < 85 THEN 'INACTIVE'
        WHEN e.id % 100 < 88 THEN 'NEEDS_REVIEW'
        ELSE 'NOT_REGISTERED'
    END AS status
) s;

-- The Sunday figures of the last 13 weeks, improving week by week (k weeks ago, 2k% fewer were covered, and a few more by kecamatan);
-- this week's figures are exactly the statuses above.
INSERT INTO coverage.daily_count (as_of, kode_desa, peran, status, people)
SELECT :'week_end'::date - 7 * k, s.kode_desa, s.peran,
    CASE WHEN s.status = 'COVERED' AND k > 0 AND (s.entry_id % 100) >= 55 - 2 * k - (left(s.kode_desa, 6)::integer % 7) THEN 'NOT_REGISTERED' ELSE s.status END,
    count(*)
FROM coverage.entry_status s
CROSS JOIN generate_series(0, 12) AS k
GROUP BY 1, 2, 3, 4;

-- Flags opened and resolved during the week.
INSERT INTO coverage.flag (entry_id, status, opened_on, resolved_on)
SELECT s.entry_id, s.status, :'week_end'::date - (s.entry_id % 7)::integer, NULL
FROM coverage.entry_status s
WHERE s.status <> 'COVERED' AND s.entry_id % 5 = 0;

INSERT INTO coverage.flag (entry_id, status, opened_on, resolved_on)
SELECT s.entry_id, 'NOT_REGISTERED', :'week_end'::date - 60, :'week_end'::date - (s.entry_id % 7)::integer
FROM coverage.entry_status s
WHERE s.status = 'COVERED' AND s.entry_id % 9 = 0;

-- Rows quarantined during the week, a few with village codes that are no desa.
INSERT INTO roster.quarantine (sumber, baris, kode_desa, nik, nama, alasan, quarantined_at)
SELECT 'roster-' || d.code || '.csv', n + 1, CASE WHEN n = 3 THEN '36.04.99.9999' ELSE d.code END, '36040' || n, 'Baris ' || n,
    'NIK tidak 16 digit', (:'week_end'::date - n % 7)::timestamp AT TIME ZONE 'Asia/Jakarta' + interval '9 hours'
FROM ref.desa d
CROSS JOIN generate_series(1, 4) AS n
WHERE right(d.code, 1)::integer % 3 = 0;

-- Latest snapshots: most desa recent, some older than 90 days, a few never.
INSERT INTO roster.desa_snapshot (kode_desa, sumber, snapshot_at)
SELECT d.code, 'opensid', (:'week_end'::date - (d.code::bigint % 120)::integer)::timestamp AT TIME ZONE 'Asia/Jakarta'
FROM ref.desa d
WHERE d.code::bigint % 17 <> 0;

COMMIT;
