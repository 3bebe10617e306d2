-- The kecamatan's latest day that moved the present state, and whether this day is recorded already.
SELECT
    (SELECT max(r.as_of) FROM coverage.run r WHERE r.kecamatan_code = @KodeKecamatan AND r.mode = 'FULL') AS latest_full,
    EXISTS (SELECT 1 FROM coverage.run r WHERE r.kecamatan_code = @KodeKecamatan AND r.as_of = @AsOf) AS recorded;
