-- The normaliser version the stored normalised names were written with (NULL: before versions were kept).
SELECT (SELECT versi FROM matching.nama_normal_versi) AS versi;
