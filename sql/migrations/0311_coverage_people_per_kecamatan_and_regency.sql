-- A person listed in two desa (a PKH companion serving several villages, an RT head who farms in another desa) is rightly
-- one person in each desa's figures, but a kecamatan's or the regency's figures summed over its desa counted them twice:
-- "X pekerja belum terlindungi di Kabupaten Serang" must be X people. The kecamatan and the regency now count a NIK once.
--
-- coverage.shard_shared_person: per shard's day, the kecamatan's people (a NIK in a desa, under its first status in SPEC
-- 3.2's order, as coverage.shard_people counts them) whose NIK is listed in another desa too (record_shard.sql). Few
-- rows: only they make a scope's people differ from the sum of its desa's. A row too many (a NIK listed elsewhere only
-- in an entry that left) changes nothing: its person is taken off once and counted once again.
CREATE TABLE coverage.shard_shared_person (
    as_of          date     NOT NULL,
    kecamatan_code char(6)  NOT NULL,
    kode_desa      char(10) NOT NULL,
    nik            char(16) NOT NULL,
    status         text     NOT NULL,
    PRIMARY KEY (as_of, kode_desa, nik)
);

CREATE INDEX shard_shared_person_kecamatan_idx ON coverage.shard_shared_person (as_of, kecamatan_code);

-- coverage.daily_scope_people: the day's people per kecamatan (6 digits) and for the regency (3604), per status, a NIK
-- once in the scope (finish_day.sql): the desa's people, less the shared people's desa rows, plus each shared NIK once
-- under the first of its statuses in SPEC 3.2's order. The digest's kecamatan and regency figures read it.
CREATE TABLE coverage.daily_scope_people (
    as_of      date NOT NULL,
    scope_code text NOT NULL CHECK (char_length(scope_code) IN (4, 6)),
    status     text NOT NULL,
    people     integer NOT NULL,
    PRIMARY KEY (as_of, scope_code, status)
);

-- Each kecamatan's state day, from the present status it holds (as migration 0309 counted its people): an incremental
-- shard looks at these NIKs again, and the day's figures below are exact where every kecamatan's state is that day.
INSERT INTO coverage.shard_shared_person (as_of, kecamatan_code, kode_desa, nik, status)
SELECT state.as_of, state.kecamatan_code, person.kode_desa, person.nik, (coverage.status_order())[person.rank]
FROM coverage.shard_state state
JOIN LATERAL (
    SELECT s.kode_desa, e.nik, min(array_position(coverage.status_order(), s.status)) AS rank
    FROM coverage.entry_status s
    JOIN roster.entry e ON e.id = s.entry_id
    WHERE s.kecamatan_code = state.kecamatan_code
    GROUP BY s.kode_desa, e.nik
) person ON true
WHERE EXISTS (SELECT 1 FROM roster.entry o WHERE o.nik = person.nik AND o.kode_desa <> person.kode_desa);

-- Every finished day. Days before this migration have no shared people but on the state days: their figures stay the
-- sums over desa (a person in two desa counted twice), the best figure left.
INSERT INTO coverage.daily_scope_people (as_of, scope_code, status, people)
SELECT as_of, scope_code, status, sum(people)
FROM (
    SELECT p.as_of, scope.code AS scope_code, p.status, p.people
    FROM coverage.daily_people p
    CROSS JOIN LATERAL (VALUES (left(p.kode_desa, 6)), (left(p.kode_desa, 4))) scope(code)
    UNION ALL
    SELECT s.as_of, scope.code, s.status, -1
    FROM coverage.shard_shared_person s
    JOIN coverage.day d ON d.as_of = s.as_of
    CROSS JOIN LATERAL (VALUES (left(s.kode_desa, 6)), (left(s.kode_desa, 4))) scope(code)
    UNION ALL
    SELECT s.as_of, scope.code, (coverage.status_order())[min(array_position(coverage.status_order(), s.status))], 1
    FROM coverage.shard_shared_person s
    JOIN coverage.day d ON d.as_of = s.as_of
    CROSS JOIN LATERAL (VALUES (left(s.kode_desa, 6)), (left(s.kode_desa, 4))) scope(code)
    GROUP BY s.as_of, scope.code, s.nik
) counted
GROUP BY as_of, scope_code, status
HAVING sum(people) > 0;
