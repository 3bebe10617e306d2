-- Matching beyond the exact NIK (SPEC 3.3): one name normaliser, in SQL so the register and the roster share it,
-- the NIK helpers the rules use, and the admins' review decisions.

-- The person's own name, comparable across spellings: case, spacing, punctuation, titles and honorifics, degrees,
-- Muhammad/Siti/Abdul abbreviations, pre-1972 spellings, and the father's name after bin/binti (SPEC 3.3).
-- IMMUTABLE because indexes and a stored column use it: changing it later needs a REINDEX and a register re-import.
CREATE FUNCTION matching.nama_normal(nama text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    s text := upper(nama);
    t text;
BEGIN
    -- An apostrophe joins what it separates: Ma'ruf is Maruf.
    s := translate(s, '''`´‘’', '');
    -- Degrees follow the name after a comma in Indonesian usage: "Ahmad, S.Pd., M.Si.".
    s := regexp_replace(s, ',.*$', '');
    -- Dotted degrees written without the comma, only after the name: "Ahmad S.Pd".
    LOOP
        t := regexp_replace(s, '\s+(S|M|A|D)\s?\.\s?(PD|PDI|AG|AP|E|H|HI|HUM|HUT|IP|KOM|SOS|SI|SY|T|TP|PT|KM|KEP|KES|FARM|KED|PSI|GZ|IK|SC|MD|AK|AB|KEB|MB)\M\.?\s*$', '');
        EXIT WHEN t = s;
        s := t;
    END LOOP;
    -- Every other character that is not a letter separates words: "DRS.H.AHMAD" is three words.
    s := btrim(regexp_replace(s, '[^A-Z]+', ' ', 'g'));
    -- The father's name after bin/binti is not the person's own name.
    s := regexp_replace(s, '\s(BIN|BINTI)(\s.*)?$', '');
    -- Titles and honorifics in front of the name.
    s := regexp_replace(s, '^((H|HJ|HAJI|HAJAH|KH|DRS|DRA|DR|IR|PROF|BAPAK|BPK|BP|PAK|IBU|BU|SDR|SDRI|SDRA|NY|NYONYA|TN|TUAN|NN|USTADZ|USTAZ|UST|USTADZAH|USTAZAH|ALM|ALMH|ALMARHUM|ALMARHUMAH)\s+)+', '');
    -- Degrees written as words at the end: "AHMAD SPD", "AHMAD S PD".
    LOOP
        t := regexp_replace(s, '\s+(SPD|SPDI|SAG|SE|SH|SHI|SKOM|SSOS|SIP|SKM|SKEP|SSI|SST|STP|SPT|ST|SIKOM|MPD|MPDI|MSI|MM|MAG|MH|MT|MKOM|MKES|AMD|AMK|AMKEP|AMA|AMAPD|AMDKEB|AMKEB|LC|(S|M|A)\s(PD|PDI|AG|AP|E|H|HI|HUM|IP|KOM|SOS|SI|T|TP|PT|KM|KEP|KES|MD))$', '');
        EXIT WHEN t = s;
        s := t;
    END LOOP;
    -- Spellings from before 1972 (EYD): Soekarno, Djoko, Tjahjo, Sjamsul, Soenjoto.
    s := replace(s, 'OE', 'U');
    s := replace(s, 'TJ', 'C');
    s := replace(s, 'DJ', 'J');
    s := replace(s, 'SJ', 'SY');
    s := replace(s, 'NJ', 'NY');
    -- Common spellings and abbreviations of the same given name.
    s := regexp_replace(s, '\m(MUHAMMAD|MUHAMAD|MUHAMMED|MUHAMED|MUHAMMAT|MUHAMAT|MOHAMMAD|MOHAMAD|MOHAMMED|MOHAMED|MOCHAMMAD|MOCHAMAD|MOCHAMMED|MUCHAMMAD|MUCHAMAD|MUHD|MOHD|MUH|MHD|MOH|MOCH|M)\M', 'MUHAMMAD', 'g');
    s := regexp_replace(s, '\m(ST|SITTI)\M', 'SITI', 'g');
    s := regexp_replace(s, '\m(ABD|ABDL)\M', 'ABDUL', 'g');
    RETURN btrim(regexp_replace(s, '\s+', ' ', 'g'));
END
$$;

-- Every NIK one typo away from a NIK: one digit changed (lebar 1) or two neighbours swapped (lebar 2) at posisi (1-based).
CREATE FUNCTION matching.nik_tetangga(nik text) RETURNS TABLE (tetangga char(16), posisi integer, lebar integer)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT overlay(nik PLACING d::text FROM p FOR 1)::char(16), p, 1
    FROM generate_series(1, 16) AS p CROSS JOIN generate_series(0, 9) AS d
    WHERE substr(nik, p, 1) <> d::text
    UNION ALL
    SELECT overlay(nik PLACING substr(nik, p + 1, 1) || substr(nik, p, 1) FROM p FOR 2)::char(16), p, 2
    FROM generate_series(1, 15) AS p
    WHERE substr(nik, p, 1) <> substr(nik, p + 1, 1)
$$;

-- How many of the 16 positions differ between two NIKs.
CREATE FUNCTION matching.nik_beda(a text, b text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT count(*)::integer FROM generate_series(1, 16) AS p WHERE substr(a, p, 1) IS DISTINCT FROM substr(b, p, 1)
$$;

-- Whether a birth date is the one a NIK encodes in digits 7-12 (day + 40 for women, SPEC 3.1).
CREATE FUNCTION matching.tanggal_sesuai_nik(tanggal date, nik text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT substr(nik, 9, 2)::integer = extract(month FROM tanggal)::integer
       AND substr(nik, 11, 2)::integer = extract(year FROM tanggal)::integer % 100
       AND substr(nik, 7, 2)::integer IN (extract(day FROM tanggal)::integer, extract(day FROM tanggal)::integer + 40)
$$;

-- The register carries its normalised names; rules 2 and 3 look people up by birth date and name.
ALTER TABLE membership.record ADD COLUMN nama_normal text GENERATED ALWAYS AS (matching.nama_normal(nama)) STORED;
CREATE INDEX record_tanggal_nama_idx ON membership.record (tanggal_lahir, nama_normal);

-- The roster is owned by the rosters capability: an expression index keeps its table as it is.
CREATE INDEX entry_tanggal_nama_normal_idx ON roster.entry (tanggal_lahir, matching.nama_normal(nama));

-- An admin's decision on a probable match wins in every later run (SPEC 3.3): an accepted pair is matched as
-- KEPUTUSAN_ADMIN, a rejected pair is never proposed again.
CREATE TABLE matching.review_decision (
    entry_id   bigint      NOT NULL REFERENCES roster.entry (id),
    member_nik char(16)    NOT NULL,
    keputusan  text        NOT NULL CHECK (keputusan IN ('DITERIMA', 'DITOLAK')),
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (entry_id, member_nik)
);

CREATE INDEX review_decision_member_nik_idx ON matching.review_decision (member_nik) WHERE keputusan = 'DITERIMA';

-- The explanation of an accepted match; one wording for the review command and the matcher.
CREATE FUNCTION matching.alasan_diterima(decided_at timestamptz, entry_nik text, member_nik text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT format('Dicocokkan oleh admin pada %s: nama dan tanggal lahir sama, NIK berbeda di %s posisi dari NIK terdaftar',
                  to_char(decided_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD'), matching.nik_beda(entry_nik, member_nik))
$$;
