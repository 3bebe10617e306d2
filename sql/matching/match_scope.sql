-- SPEC 3.3 for the roster entries in reconcile_scope (a kecamatan, or the entries an incremental shard redoes), rebuilt
-- from scratch inside the caller's transaction; their roster rows are in scope_entry (matching/scope_entries). An
-- entry's match depends only on the roster, the register and the review decisions, never on other entries' matches, so
-- matching any subset gives each entry what matching everything would.
-- By primary key: joined to the scope, the whole table was read (0.25-0.7 s a shard at default scale).
DELETE FROM matching.match
WHERE entry_id = ANY (ARRAY(SELECT entry_id FROM reconcile_scope));

DELETE FROM matching.kandidat
WHERE entry_id = ANY (ARRAY(SELECT entry_id FROM reconcile_scope));

-- An admin decides about a person listed in a desa, not about one of their roles: a village that lists the person under
-- another role writes a new roster entry, which keeps the decision (the latest on each register person counts). Keyed
-- by the entry alone, a new role undid an acceptance (back to NEEDS_REVIEW) and proposed a rejected person again.
DROP TABLE IF EXISTS keputusan_scope;
CREATE TEMP TABLE keputusan_scope ON COMMIT DROP AS
SELECT DISTINCT ON (e.id, d.member_nik) e.id AS entry_id, d.member_nik, d.keputusan, d.decided_at
FROM matching.review_decision d
JOIN roster.entry de ON de.id = d.entry_id
JOIN scope_entry e ON e.kode_desa = de.kode_desa AND e.nik = de.nik
ORDER BY e.id, d.member_nik, d.decided_at DESC;

-- Rule 1, exact NIK. Several entries may share one: the same person in several desa or roles. The names must agree
-- (matching.nama_serupa, migration 0256): a typo can turn one person's NIK into another real person's, and such an exact match
-- with a stranger's name is only probable, below (24 of the 74 wrongly COVERED at the default benchmark scale).
-- The register is probed by NIK (LIMIT 1 keeps it a probe): as a semi-join, every shard hashed all 5 million register
-- records (3 s for the 70,000 entries of the largest kecamatan at the default benchmark scale, 0.1 s probed).
INSERT INTO matching.match (entry_id, member_nik, metode, is_probable, skor, alasan)
SELECT e.id, e.nik, 'NIK', false, 1.000, 'NIK sama persis dengan data kepesertaan BPJS Ketenagakerjaan'
FROM scope_entry e
CROSS JOIN LATERAL (
    SELECT 1
    FROM membership.record r
    WHERE r.nik = e.nik
      AND matching.nama_serupa(r.nama_normal, e.nama_normal)
    LIMIT 1
) terdaftar
WHERE e.left_at IS NULL;

-- An admin's acceptance wins over rules 2 and 3 for as long as the accepted person is in the register, no later
-- acceptance in force gives them to a person with another NIK (one register person is one roster person: a person who
-- left and came back kept an earlier acceptance beside the one made while they were gone, and two workers were COVERED
-- by one membership), and they have not appeared on the roster under their own NIK since (then the acceptance was made
-- without that entry, which may be the person: rules 2 and 3 decide again, as they do when it was listed first).
INSERT INTO matching.match (entry_id, member_nik, metode, is_probable, skor, alasan)
SELECT DISTINCT ON (e.id) e.id, d.member_nik, 'KEPUTUSAN_ADMIN', false, 1.000,
       matching.alasan_diterima(d.decided_at, e.nik, d.member_nik, e.nama_normal, e.tanggal_lahir, e.tanggal_lahir_tertulis)
FROM scope_entry e
JOIN keputusan_scope d ON d.entry_id = e.id AND d.keputusan = 'DITERIMA'
WHERE e.left_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM matching.match m WHERE m.entry_id = e.id)
  AND EXISTS (SELECT 1 FROM membership.record r WHERE r.nik = d.member_nik)
  AND NOT EXISTS (
        SELECT 1 FROM matching.diterima_berlaku a
        WHERE a.member_nik = d.member_nik AND a.nik <> e.nik AND a.decided_at > d.decided_at)
  AND NOT EXISTS (
        SELECT 1
        FROM roster.entry own
        JOIN roster.entry_event ev ON ev.entry_id = own.id AND ev.kind = 'APPEAR'
        WHERE own.nik = d.member_nik AND own.left_at IS NULL AND ev.at > d.decided_at)
ORDER BY e.id, d.decided_at DESC;

-- Rules 2 and 3 for the entries still unmatched. Precision first: a wrong "covered" leaves a worker unprotected.
WITH sisa AS (
    SELECT e.id, e.nik, e.tanggal_lahir, e.tanggal_lahir_tertulis, e.nama_normal, left(e.kode_desa, 6) AS kecamatan_desa
    FROM scope_entry e
    WHERE e.left_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM matching.match m WHERE m.entry_id = e.id)
),
-- The register people rules 2 and 3 can consider, read once by name through the register's indexes (not by the NIK's
-- 159 neighbours): the same birth date, or a typo in digits 7-12, which leaves digits 1-5 and 14-16 as they are
-- (0255's record_nama_nik_typo_idx finds exactly those: common names have hundreds of records with the same first five).
treffer AS MATERIALIZED (
    SELECT s.id AS entry_id, s.nik AS entry_nik, s.tanggal_lahir AS entry_tanggal, s.tanggal_lahir_tertulis AS entry_tertulis,
           s.nama_normal, s.kecamatan_desa, r.nik AS member_nik, r.tanggal_lahir
    FROM sisa s
    CROSS JOIN LATERAL (
        SELECT r.nik, r.tanggal_lahir
        FROM membership.record r
        WHERE r.nama_normal = s.nama_normal
          AND (r.tanggal_lahir = s.tanggal_lahir
               OR (left(r.nik, 5) = left(s.nik, 5) AND right(r.nik, 3) = right(s.nik, 3)))
        OFFSET 0
    ) r
    WHERE s.nama_normal <> ''
),
-- Rule 2: a register NIK one typo away with the same normalised name, and the same birth date. The roster's birth date
-- comes from its own NIK (SPEC 3.1), so a typo in digits 7-12 shifts it: then the register's birth date must be the one
-- its NIK encodes, i.e. the dates differ exactly as the typo implies, and the birth date the village wrote, if it wrote
-- one, must be the register's: a village that wrote the NIK's own date vouches for those digits, and the register
-- person is a namesake born on another day (39 of the 74 wrongly COVERED at the default benchmark scale).
koreksi AS (
    SELECT h.entry_id, h.entry_nik, h.nama_normal, h.kecamatan_desa, h.entry_tertulis, h.member_nik, t.posisi, t.lebar,
           bool_or(h.tanggal_lahir = h.entry_tanggal) AS tanggal_sama, min(h.tanggal_lahir) AS tanggal_anggota
    FROM treffer h
    CROSS JOIN LATERAL matching.nik_selisih(h.entry_nik, h.member_nik) t
    -- One typo leaves digits 1-7 or digits 10-16 as they are: a cheap test that spares most pairs the function.
    WHERE (left(h.entry_nik, 7) = left(h.member_nik, 7) OR right(h.entry_nik, 7) = right(h.member_nik, 7))
      AND (h.tanggal_lahir = h.entry_tanggal
           OR (t.posisi <= 12 AND t.posisi + t.lebar - 1 >= 7
               AND matching.tanggal_sesuai_nik(h.tanggal_lahir, h.member_nik)
               AND matching.tanggal_sesuai_nik(h.entry_tanggal, h.entry_nik)
               AND (h.entry_tertulis IS NULL OR h.entry_tertulis = h.tanggal_lahir)))
    GROUP BY h.entry_id, h.entry_nik, h.nama_normal, h.kecamatan_desa, h.entry_tertulis, h.member_nik, t.posisi, t.lebar
),
-- Rule 3: same normalised name and birth date, NIK further apart: only probable, an admin decides.
sama_nama AS (
    SELECT DISTINCT entry_id, entry_nik, nama_normal, kecamatan_desa, member_nik, entry_tanggal AS tanggal_anggota
    FROM treffer
    WHERE tanggal_lahir = entry_tanggal
),
-- A difference only in the serial (digits 13-16) is what two people with one name, born the same day in the same
-- kecamatan, have (serials 0001 and 0002): no more than rule 3's evidence, so it is only probable (SPEC 3.3: name and
-- birth date alone are never proof), unless the regency chose SPEC 3.3 rule 2's letter (@SerialDifference 'Correct',
-- Matching:SerialDifference: a quarter of all one-digit typos are there; docs/matching.md weighs the two). So is a
-- difference only in the region digits (1-6) unless the register NIK's kecamatan is the one of the desa that lists the
-- person (the village corroborates the corrected digits): a namesake born the same day in a neighbouring kecamatan has
-- low serials too (74 wrongly COVERED at the default benchmark scale, 11 of them this way; 2 more of 121 such corrections
-- when neither NIK was the desa's kecamatan). So is a typo in the birth-date digits when the village wrote no birth date:
-- then nothing but the register's own NIK says which day the person was born, and a namesake born a day one digit away
-- looks the same (13 of the 15 wrongly COVERED at the default benchmark scale after the written date was kept).
-- kelas 1: corrected NIK; 2: serial (under Review), uncorroborated region or unwritten birth date, probable; 3: rule 3,
-- probable.
kandidat AS (
    SELECT DISTINCT ON (entry_id, member_nik) *
    FROM (
        SELECT entry_id, entry_nik, nama_normal, kecamatan_desa, member_nik, tanggal_anggota,
               CASE
                   WHEN posisi >= 13 AND @SerialDifference = 'Review' THEN 2
                   WHEN posisi + lebar - 1 <= 6 AND left(member_nik, 6) <> kecamatan_desa THEN 2
                   WHEN NOT tanggal_sama AND entry_tertulis IS NULL THEN 2
                   ELSE 1
               END AS kelas,
               posisi, lebar, tanggal_sama
        FROM koreksi
        UNION ALL
        SELECT entry_id, entry_nik, nama_normal, kecamatan_desa, member_nik, tanggal_anggota, 3, NULL, NULL, true
        FROM sama_nama
    ) semua
    ORDER BY entry_id, member_nik, kelas
),
-- Pairs an admin rejected are never proposed again, nor a person an admin gave to a roster entry with another NIK: only
-- that candidate is dropped, here, before the closest kind is chosen and counted below (dropped after, a taken person
-- who was the only one of the closest kind left the entry unmatched though a rule 3 namesake fitted, and a DUA
-- explanation counted the taken person). A register person who is on the roster under their own NIK as well is,
-- further off (rule 3), that entry's: not proposed here.
layak AS (
    SELECT k.*, EXISTS (SELECT 1 FROM roster.entry e2 WHERE e2.nik = k.member_nik AND e2.left_at IS NULL) AS tercatat
    FROM kandidat k
    WHERE NOT EXISTS (
            SELECT 1 FROM keputusan_scope d
            WHERE d.entry_id = k.entry_id AND d.member_nik = k.member_nik AND d.keputusan = 'DITOLAK')
      AND NOT EXISTS (SELECT 1 FROM matching.diterima_berlaku a WHERE a.member_nik = k.member_nik AND a.nik <> k.entry_nik)
),
-- A corrected NIK outranks every probable candidate, and a probable candidate one typo away outranks namesakes further
-- off (rule 3): the closest kind is what an admin should see; jumlah: how many register people of that kind fit;
-- semua_tanggal_sama: whether all of them were born on the day the entry's NIK says.
pilihan AS (
    SELECT t.*, count(*) OVER (PARTITION BY t.entry_id) AS jumlah,
           bool_and(t.tanggal_sama) OVER (PARTITION BY t.entry_id) AS semua_tanggal_sama
    FROM (
        SELECT l.*, min(l.kelas) OVER (PARTITION BY l.entry_id) AS kelas_terbaik
        FROM layak l
        WHERE NOT (l.tercatat AND l.kelas = 3)
    ) t
    WHERE t.kelas = t.kelas_terbaik
),
-- Another unregistered roster NIK, anywhere in the regency, one typo away from the person and with the same name, makes
-- a corrected NIK doubtful. Asked only of corrections: a probable candidate goes to an admin either way, and asking it
-- of the ~30 times more probable candidates was a quarter of a full reconcile (158 roster probes each).
-- The neighbours are materialised so the roster is probed by NIK, its selective index.
tetangga_anggota AS MATERIALIZED (
    SELECT p.entry_id, p.entry_nik, p.nama_normal, t.tetangga
    FROM pilihan p
    CROSS JOIN LATERAL matching.nik_tetangga(p.member_nik) t
    WHERE p.jumlah = 1
      AND p.kelas = 1
      AND NOT p.tercatat
),
pesaing AS MATERIALIZED (
    SELECT DISTINCT ta.entry_id
    FROM tetangga_anggota ta
    -- OFFSET 0 keeps the probe by NIK: hash-joined, the whole roster would be read.
    CROSS JOIN LATERAL (
        SELECT e4.nik, e4.nama_normal
        FROM roster.entry e4
        WHERE e4.nik = ta.tetangga
          AND e4.left_at IS NULL
          AND e4.nik <> ta.entry_nik
        OFFSET 0
    ) e4
    WHERE e4.nama_normal = ta.nama_normal
      AND NOT EXISTS (SELECT 1 FROM membership.record r4 WHERE r4.nik = e4.nik)
),
-- Precision first, and never a choice between people: rules 2 and 3 propose the closest candidate (one digit off before
-- two swapped, then one whose NIK is of the desa's kecamatan, then the lower NIK: cheap to order by, where counting the
-- differing digits of every namesake cost seconds a night), and a correction is only proposed when some other reading
-- is open. ragu says which:
--   DUA        two register people of the closest kind fit the entry;
--   TERCATAT   the person is on the roster under their own NIK as well: the same person listed twice (two roles, one
--              NIK mistyped) or a namesake, which only an admin can tell;
--   PESAING    another unregistered roster NIK is one typo from the person with the same name, or has the person's
--              name and birth date: either could be the person.
-- None of them leaves the entry unmatched (NOT_REGISTERED): SPEC 3.3 calls a name and birth date shared with a register
-- person a probable match, whichever of them it is.
tunggal AS (
    SELECT DISTINCT ON (p.entry_id) p.*,
           CASE
               WHEN p.jumlah > 1 THEN 'DUA'
               WHEN p.tercatat THEN 'TERCATAT'
               WHEN p.kelas = 1
                    AND (EXISTS (SELECT 1 FROM pesaing x WHERE x.entry_id = p.entry_id)
                         OR EXISTS (
                               SELECT 1
                               FROM roster.entry e5
                               WHERE e5.tanggal_lahir = p.tanggal_anggota
                                 AND e5.nama_normal = p.nama_normal
                                 AND e5.left_at IS NULL
                                 AND e5.nik <> p.entry_nik
                                 AND NOT EXISTS (SELECT 1 FROM membership.record r5 WHERE r5.nik = e5.nik)))
                   THEN 'PESAING'
           END AS ragu
    FROM pilihan p
    ORDER BY p.entry_id, p.lebar NULLS LAST, left(p.member_nik, 6) = p.kecamatan_desa DESC, p.member_nik
),
-- Remembered with what the safeguards above read about each person, so an incremental shard redoes the entry only
-- when one of those inputs changed (sql/coverage/gather_changes.sql).
kandidat_disimpan AS (
    INSERT INTO matching.kandidat (entry_id, kecamatan_code, member_nik, nama_normal, tanggal_anggota)
    SELECT entry_id, kecamatan_desa, member_nik, nama_normal, tanggal_anggota FROM kandidat
),
-- A doubtful correction becomes probable; letak and beda: where and how the NIKs differ.
usulan AS (
    SELECT entry_id, entry_nik, member_nik, posisi, lebar, tanggal_sama, semua_tanggal_sama, ragu, jumlah,
           CASE WHEN ragu IS NOT NULL AND kelas = 1 THEN 2 ELSE kelas END AS kelas,
           CASE WHEN lebar = 1 THEN format('posisi %s', posisi) ELSE format('posisi %s dan %s tertukar', posisi, posisi + 1) END AS letak,
           CASE
               WHEN lebar = 1 THEN format('berbeda satu digit (posisi %s)', posisi)
               ELSE format('berbeda karena dua digit bersebelahan tertukar (posisi %s dan %s)', posisi, posisi + 1)
           END AS beda
    FROM tunggal
)
INSERT INTO matching.match (entry_id, member_nik, metode, is_probable, skor, alasan)
SELECT entry_id, member_nik, CASE WHEN kelas = 1 THEN 'NIK_KOREKSI' ELSE 'NAMA_TGL_LAHIR' END, kelas > 1,
       CASE
           WHEN kelas = 3 THEN 0.600
           WHEN kelas = 2 THEN 0.800
           WHEN lebar = 1 AND tanggal_sama THEN 0.950
           WHEN tanggal_sama THEN 0.930
           WHEN lebar = 1 THEN 0.900
           ELSE 0.880
       END,
       CASE
           -- Which of several namesakes is proposed says nothing about whose NIK is closest (the lower NIK, for rule 3),
           -- and a typo in the birth-date digits leaves the register people born on other days: only what is true.
           WHEN ragu = 'DUA' AND kelas = 3 THEN
               format('%s orang terdaftar di BPJS cocok dengan nama dan tanggal lahir ini; NIK berbeda di %s posisi dari NIK terdaftar yang diusulkan; perlu diperiksa admin',
                      jumlah, matching.nik_beda(entry_nik, member_nik))
           WHEN ragu = 'DUA' AND semua_tanggal_sama THEN
               format('%s orang terdaftar di BPJS cocok dengan nama dan tanggal lahir ini dan NIK-nya hanya satu salah ketik dari NIK ini; NIK %s dari NIK terdaftar yang diusulkan; perlu diperiksa admin',
                      jumlah, beda)
           WHEN ragu = 'DUA' THEN
               format('%s orang terdaftar di BPJS cocok dengan nama ini dan NIK-nya hanya satu salah ketik dari NIK ini, tetapi tidak semua lahir pada tanggal menurut NIK ini; NIK %s dari NIK terdaftar yang diusulkan, tanggal lahir %s; perlu diperiksa admin',
                      jumlah, beda, CASE WHEN tanggal_sama THEN 'sama' ELSE 'berbeda' END)
           WHEN ragu = 'PESAING' THEN
               format('NIK %s dari NIK terdaftar dan namanya sama, tetapi NIK lain di daftar desa juga cocok dengan orang terdaftar itu; perlu diperiksa admin', beda)
           WHEN ragu = 'TERCATAT' THEN
               format('NIK %s dari NIK terdaftar dan namanya sama, tetapi orang terdaftar itu juga tercatat di daftar desa dengan NIK-nya sendiri; bisa jadi orang yang sama tercatat dua kali dengan NIK salah ketik, bisa juga orang lain bernama sama; perlu diperiksa admin', beda)
           WHEN kelas = 3 THEN
               format('Nama dan tanggal lahir sama, tetapi NIK berbeda di %s posisi dari NIK terdaftar; kemungkinan orang yang sama, perlu diperiksa admin',
                      matching.nik_beda(entry_nik, member_nik))
           WHEN kelas = 2 AND NOT tanggal_sama THEN
               format('NIK berbeda pada bagian tanggal lahir (%s) dari NIK terdaftar dan desa tidak mencatat tanggal lahir; nama sama, tetapi bisa juga orang lain bernama sama yang lahir di hari lain; perlu diperiksa admin', letak)
           WHEN kelas = 2 AND posisi <= 6 THEN
               format('NIK hanya berbeda pada kode wilayah (%s) dari NIK terdaftar, dan kode wilayah NIK terdaftar bukan kecamatan desanya; nama dan tanggal lahir sama, tetapi bisa juga orang lain yang lahir di hari yang sama di wilayah lain; perlu diperiksa admin', letak)
           WHEN kelas = 2 THEN
               format('NIK hanya berbeda pada nomor urut (%s) dari NIK terdaftar; nama dan tanggal lahir sama, tetapi bisa juga orang lain yang lahir di hari dan kecamatan yang sama; perlu diperiksa admin', letak)
           WHEN lebar = 1 AND tanggal_sama THEN
               format('NIK berbeda satu digit (posisi %s) dari NIK terdaftar; nama dan tanggal lahir sama', posisi)
           WHEN tanggal_sama THEN
               format('NIK berbeda karena dua digit bersebelahan tertukar (posisi %s dan %s) dari NIK terdaftar; nama dan tanggal lahir sama', posisi, posisi + 1)
           WHEN lebar = 1 THEN
               format('NIK berbeda satu digit (posisi %s, bagian tanggal lahir) dari NIK terdaftar; nama sama dan tanggal lahir terdaftar sesuai NIK terdaftar', posisi)
           ELSE
               format('NIK berbeda karena dua digit bersebelahan tertukar (posisi %s dan %s, bagian tanggal lahir) dari NIK terdaftar; nama sama dan tanggal lahir terdaftar sesuai NIK terdaftar', posisi, posisi + 1)
       END
FROM usulan;

-- Rule 1 with names that share no word, when rules 2 and 3 found no one better: the register person under this NIK is
-- only proposed, for an admin to accept (the same person under another name) or reject (a stranger's NIK).
INSERT INTO matching.match (entry_id, member_nik, metode, is_probable, skor, alasan)
SELECT e.id, e.nik, 'NIK', true, 0.500,
       'NIK sama persis dengan data kepesertaan BPJS Ketenagakerjaan, tetapi nama tidak mirip sama sekali; bisa jadi NIK salah ketik yang kebetulan sama dengan NIK orang lain; perlu diperiksa admin'
FROM scope_entry e
-- Probed by NIK, as rule 1.
CROSS JOIN LATERAL (SELECT 1 FROM membership.record r WHERE r.nik = e.nik LIMIT 1) terdaftar
WHERE e.left_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM matching.match m WHERE m.entry_id = e.id)
  AND NOT EXISTS (
        SELECT 1 FROM keputusan_scope d
        WHERE d.entry_id = e.id AND d.member_nik = e.nik AND d.keputusan = 'DITOLAK');
