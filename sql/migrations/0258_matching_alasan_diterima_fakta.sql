-- The explanation of an accepted match said "nama dan tanggal lahir sama" for every pair with another NIK, also for a
-- typo in the birth-date digits, where the roster's birth date (its NIK's, SPEC 3.1) differs from the register's. It
-- now says what is the same and what differs: the normalised names, the birth dates (the NIK's and, when the village
-- wrote one, the written one) and the NIK's differing positions. Never a name, a date or a NIK, only positions and the
-- words sama/berbeda. The entry is compared with the person's register record that agrees with it most (a person may
-- have several). Not STRICT: a village need not write a birth date, nor BPJS; a register person no longer found
-- compares as different.
CREATE FUNCTION matching.alasan_diterima(
    decided_at timestamptz, entry_nik text, member_nik text, entry_nama text, entry_tanggal date, entry_tertulis date) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT format('Dicocokkan oleh admin pada %s: %s, %s',
                  to_char(decided_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD'),
                  CASE
                      WHEN tanggal = 'sama' THEN format('nama %s tanggal lahir sama', CASE WHEN nama_sama THEN 'dan' ELSE 'berbeda,' END)
                      WHEN tanggal = 'berbeda' THEN format('nama %s tanggal lahir berbeda', CASE WHEN nama_sama THEN 'sama,' ELSE 'dan' END)
                      ELSE format('nama %s, %s', CASE WHEN nama_sama THEN 'sama' ELSE 'berbeda' END, tanggal)
                  END,
                  CASE
                      WHEN entry_nik = member_nik THEN 'NIK sama persis dengan NIK terdaftar'
                      ELSE format('NIK berbeda di %s posisi (%s) dari NIK terdaftar', matching.nik_beda(entry_nik, member_nik),
                                  (SELECT string_agg(i::text, ', ' ORDER BY i)
                                   FROM generate_series(1, 16) AS i
                                   WHERE substr(entry_nik, i, 1) <> substr(member_nik, i, 1)))
                  END)
    FROM (
        SELECT coalesce(entry_nama = r.nama_normal, false) AS nama_sama,
               CASE
                   WHEN r.tanggal_lahir IS NULL THEN 'tanggal lahir tidak tercatat di data kepesertaan'
                   WHEN entry_tanggal = r.tanggal_lahir AND (entry_tertulis IS NULL OR entry_tertulis = r.tanggal_lahir) THEN 'sama'
                   WHEN entry_tanggal = r.tanggal_lahir THEN 'tanggal lahir menurut NIK sama, tanggal lahir yang dicatat desa berbeda'
                   WHEN entry_tertulis = r.tanggal_lahir THEN 'tanggal lahir yang dicatat desa sama, tanggal lahir menurut NIK berbeda'
                   WHEN entry_tertulis IS NULL THEN 'tanggal lahir menurut NIK berbeda (desa tidak mencatat tanggal lahir)'
                   ELSE 'berbeda'
               END AS tanggal
        FROM (SELECT) satu
        LEFT JOIN LATERAL (
            SELECT r.nama_normal, r.tanggal_lahir
            FROM membership.record r
            WHERE r.nik = member_nik::char(16)
            ORDER BY r.nama_normal = entry_nama DESC, r.tanggal_lahir = entry_tanggal DESC NULLS LAST
            LIMIT 1
        ) r ON true
    ) fakta
$$;

-- The old wording's only callers (matching/review_decide.sql, matching/match_scope.sql) call the one above now.
DROP FUNCTION matching.alasan_diterima(timestamptz, text, text);
