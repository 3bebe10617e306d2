-- Whether two normalised names can be the same person's: equal, one of them empty (nothing left to compare), or sharing
-- a word other than the few that start a large share of all names (MUHAMMAD, SITI, NUR, ABDUL: at the default benchmark
-- scale three typos landed on a stranger called SITI ... or MUHAMMAD). Lenient otherwise: the normaliser already folds
-- titles, degrees, "bin/binti" and spelling variants, so one person's two names share a word; two different people whose
-- NIKs collide through a typo seldom do.
CREATE FUNCTION matching.nama_serupa(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN a = b OR a = '' OR b = ''
    OR EXISTS (
        SELECT 1
        FROM unnest(string_to_array(a, ' ')) AS kata
        WHERE kata = ANY (string_to_array(b, ' '))
          AND kata <> ALL (ARRAY['MUHAMMAD', 'SITI', 'NUR', 'ABDUL']));

-- An admin can now also accept an exact NIK whose register name shares no word with the roster's: say so.
CREATE OR REPLACE FUNCTION matching.alasan_diterima(decided_at timestamptz, entry_nik text, member_nik text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
               WHEN entry_nik = member_nik THEN
                   format('Dicocokkan oleh admin pada %s: NIK sama persis dengan NIK terdaftar, nama berbeda',
                          to_char(decided_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD'))
               ELSE
                   format('Dicocokkan oleh admin pada %s: nama dan tanggal lahir sama, NIK berbeda di %s posisi dari NIK terdaftar',
                          to_char(decided_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD'), matching.nik_beda(entry_nik, member_nik))
           END
$$;
