-- Rule 2 with a birth date that differs reads the register by name, first five and last three NIK digits. The index of
-- 0253 had only (nama_normal, nik): for a common name the NIK range of the first five digits holds hundreds of records,
-- each fetched from the heap to test the last three (497 rows per probe at default scale, 8 ms; docs/benchmarks.md).
CREATE INDEX record_nama_nik_typo_idx ON membership.record (nama_normal, left(nik, 5), right(nik, 3));
DROP INDEX membership.record_nama_nik_idx;
ANALYZE membership.record;
