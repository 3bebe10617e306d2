-- SPEC 3.2's table order, in which a NIK listed in a desa under entries of several statuses counts as one person under
-- the first (coverage/record_shard.sql, count_changes.sql).
CREATE OR REPLACE FUNCTION coverage.status_order() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY['NOT_REGISTERED', 'NEEDS_REVIEW', 'INACTIVE', 'LAPSED', 'PARTIAL', 'EXPIRING', 'COVERED'];

-- An incremental shard carries its kecamatan's people per desa and status from the state's day forward
-- (coverage/count_changes.sql). A state's day counted before migration 0308 has per-entry figures there, which would be
-- carried forward night after night: they are counted again, exactly, from the present status the state holds.
DELETE FROM coverage.shard_people p
USING coverage.shard_state s
WHERE p.kecamatan_code = s.kecamatan_code AND p.as_of = s.as_of;

INSERT INTO coverage.shard_people (as_of, kecamatan_code, kode_desa, status, people)
SELECT state.as_of, state.kecamatan_code, person.kode_desa,
       (coverage.status_order())[person.rank], count(*)
FROM coverage.shard_state state
CROSS JOIN LATERAL (
    SELECT s.kode_desa,
           min(array_position(coverage.status_order(), s.status)) AS rank
    FROM coverage.entry_status s
    JOIN roster.entry e ON e.id = s.entry_id
    WHERE s.kecamatan_code = state.kecamatan_code
    GROUP BY s.kode_desa, e.nik
) person
GROUP BY state.as_of, state.kecamatan_code, person.kode_desa, person.rank;
