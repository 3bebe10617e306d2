-- How many of the 16 positions differ between two NIKs, as one expression the planner inlines into the query: the
-- version of migration 0251 counted over generate_series, which PostgreSQL runs as a function call per row (an
-- explanation per probable match, ~100,000 of them a full night at the default benchmark scale).
CREATE OR REPLACE FUNCTION matching.nik_beda(a text, b text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (substr(a, 1, 1) <> substr(b, 1, 1))::integer +
           (substr(a, 2, 1) <> substr(b, 2, 1))::integer +
           (substr(a, 3, 1) <> substr(b, 3, 1))::integer +
           (substr(a, 4, 1) <> substr(b, 4, 1))::integer +
           (substr(a, 5, 1) <> substr(b, 5, 1))::integer +
           (substr(a, 6, 1) <> substr(b, 6, 1))::integer +
           (substr(a, 7, 1) <> substr(b, 7, 1))::integer +
           (substr(a, 8, 1) <> substr(b, 8, 1))::integer +
           (substr(a, 9, 1) <> substr(b, 9, 1))::integer +
           (substr(a, 10, 1) <> substr(b, 10, 1))::integer +
           (substr(a, 11, 1) <> substr(b, 11, 1))::integer +
           (substr(a, 12, 1) <> substr(b, 12, 1))::integer +
           (substr(a, 13, 1) <> substr(b, 13, 1))::integer +
           (substr(a, 14, 1) <> substr(b, 14, 1))::integer +
           (substr(a, 15, 1) <> substr(b, 15, 1))::integer +
           (substr(a, 16, 1) <> substr(b, 16, 1))::integer
$$;
