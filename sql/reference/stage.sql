-- One text staging table for every reference file; each *.load.sql reads the columns its file has.
CREATE TEMP TABLE reference_stage (
    c1 text,
    c2 text,
    c3 text,
    c4 text,
    c5 text
) ON COMMIT DROP;
