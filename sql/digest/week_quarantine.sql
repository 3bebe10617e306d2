-- Once per week's run: roster rows quarantined during the week (Jakarta) and still waiting for a fix at its end (a row a
-- corrected file resolved is no longer the village's to fix), per desa as the village wrote it (SPEC 2.1);
-- codes are compared digits only. The regency sees every row, including those whose village code matches no desa.
-- A code that names no desa may still have a desa code's shape (10 digits, one of the service's kecamatan first): a
-- mistyped code, shown as written. Anything else is what the village wrote in the wrong column (a NIK, a phone), which
-- the digest masks (SPEC 6). A province's or regency's first digits would not do: a mobile number whose leading 0 a
-- number cell dropped is 10 digits from 81.. or 82.. (Maluku, Maluku Utara), and XL's 0817-1xxx-xxx is Kota Ambon's 8171.
SELECT r.kode_desa_angka AS kode_desa, d.name AS desa_name, count(*)::integer AS rows, k.code IS NOT NULL AS shaped_as_desa_code
FROM roster.quarantine r
LEFT JOIN ref.desa d ON d.code = r.kode_desa_angka
LEFT JOIN ref.kecamatan k ON k.code = left(r.kode_desa_angka, 6) AND length(r.kode_desa_angka) = 10
WHERE r.quarantined_at >= @WeekStartsAt AND r.quarantined_at < @WeekEndsAt
  AND (r.resolved_at IS NULL OR r.resolved_at >= @WeekEndsAt)
GROUP BY r.kode_desa_angka, d.name, k.code;
