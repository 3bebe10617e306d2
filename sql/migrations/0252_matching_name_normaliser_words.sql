-- The name normaliser of 0251 without regular expressions: the same rules on an array of words, cheaper on the
-- register's hundreds of thousands of names (the stored column and the roster index are recomputed below).
CREATE OR REPLACE FUNCTION matching.nama_normal(nama text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    s text := upper(nama);
    kata text[];
    n integer;
BEGIN
    -- An apostrophe joins what it separates: Ma'ruf is Maruf.
    s := translate(s, '''`´‘’', '');
    -- Degrees follow the name after a comma in Indonesian usage: "Ahmad, S.Pd., M.Si.".
    IF strpos(s, ',') > 0 THEN
        s := left(s, strpos(s, ',') - 1);
    END IF;
    -- Punctuation, digits and spacing separate words: "DRS.H.AHMAD" is three words. (translate, not a regex: it is this
    -- function's hot path and the register has hundreds of thousands of names.)
    kata := array_remove(string_to_array(
        translate(s, E'.-_/\\()[]{}"!?;:*&+=#@%^~|<>0123456789\t\r\n', repeat(' ', 43)), ' '), '');
    n := coalesce(array_length(kata, 1), 0);
    -- The father's name after bin/binti is not the person's own name.
    FOR i IN 2..n LOOP
        IF kata[i] IN ('BIN', 'BINTI') THEN
            kata := kata[1:i - 1];
            EXIT;
        END IF;
    END LOOP;
    -- Titles and honorifics in front of the name; one word always stays.
    WHILE coalesce(array_length(kata, 1), 0) > 1 AND kata[1] IN ('H', 'HJ', 'HAJI', 'HAJAH', 'KH', 'DRS', 'DRA', 'DR', 'IR', 'PROF',
            'BAPAK', 'BPK', 'BP', 'PAK', 'IBU', 'BU', 'SDR', 'SDRI', 'SDRA', 'NY', 'NYONYA', 'TN', 'TUAN', 'NN', 'USTADZ', 'USTAZ', 'UST',
            'USTADZAH', 'USTAZAH', 'ALM', 'ALMH', 'ALMARHUM', 'ALMARHUMAH') LOOP
        kata := kata[2:];
    END LOOP;
    -- Degrees after the name, as one word (SPD) or two ("S.Pd" is S PD by now); one word always stays.
    LOOP
        n := coalesce(array_length(kata, 1), 0);
        IF n > 1 AND kata[n] IN ('SPD', 'SPDI', 'SAG', 'SE', 'SH', 'SHI', 'SKOM', 'SSOS', 'SIP', 'SKM', 'SKEP', 'SSI', 'SST', 'STP', 'SPT',
                'ST', 'SIKOM', 'MPD', 'MPDI', 'MSI', 'MM', 'MAG', 'MH', 'MT', 'MKOM', 'MKES', 'AMD', 'AMK', 'AMKEP', 'AMA', 'AMAPD', 'AMDKEB',
                'AMKEB', 'LC') THEN
            kata := kata[1:n - 1];
        ELSIF n > 2 AND kata[n - 1] IN ('S', 'M', 'A', 'D') AND kata[n] IN ('PD', 'PDI', 'AG', 'AP', 'E', 'H', 'HI', 'HUM', 'HUT', 'IP',
                'KOM', 'SOS', 'SI', 'SY', 'T', 'TP', 'PT', 'KM', 'KEP', 'KES', 'FARM', 'KED', 'PSI', 'GZ', 'IK', 'SC', 'MD', 'AK', 'AB', 'KEB', 'MB') THEN
            kata := kata[1:n - 2];
        ELSE
            EXIT;
        END IF;
    END LOOP;
    -- Spellings from before 1972 (EYD): Soekarno, Djoko, Tjahjo, Sjamsul, Soenjoto.
    kata := string_to_array(replace(replace(replace(replace(replace(array_to_string(kata, ' '), 'OE', 'U'), 'TJ', 'C'), 'DJ', 'J'), 'SJ', 'SY'), 'NJ', 'NY'), ' ');
    -- Common spellings and abbreviations of the same given name.
    FOR i IN 1..coalesce(array_length(kata, 1), 0) LOOP
        IF kata[i] IN ('MUHAMMAD', 'MUHAMAD', 'MUHAMMED', 'MUHAMED', 'MUHAMMAT', 'MUHAMAT', 'MOHAMMAD', 'MOHAMAD', 'MOHAMMED', 'MOHAMED',
                'MOCHAMMAD', 'MOCHAMAD', 'MOCHAMMED', 'MUCHAMMAD', 'MUCHAMAD', 'MUHD', 'MOHD', 'MUH', 'MHD', 'MOH', 'MOCH', 'M') THEN
            kata[i] := 'MUHAMMAD';
        ELSIF kata[i] IN ('ST', 'SITTI') THEN
            kata[i] := 'SITI';
        ELSIF kata[i] IN ('ABD', 'ABDL') THEN
            kata[i] := 'ABDUL';
        END IF;
    END LOOP;
    RETURN coalesce(array_to_string(kata, ' '), '');
END
$$;

-- Each NIK has at most 159 neighbours: the estimate lets the planner probe the register's NIK index.
ALTER FUNCTION matching.nik_tetangga(text) ROWS 159;

-- Recompute what the old function stored: an UPDATE recomputes a generated column; the expression index is rebuilt.
UPDATE membership.record SET nama = nama;
REINDEX INDEX roster.entry_tanggal_nama_normal_idx;
