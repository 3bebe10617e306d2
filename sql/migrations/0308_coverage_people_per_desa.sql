-- People, not roster entries: an entry is (kode_desa, nik, peran), so one person listed in a desa under two roles is two
-- entries. The digest's headline, counts per status, coverage rate, trend and contribution estimate (SPEC 3.4: per person)
-- count each NIK once per desa from these tables; coverage.daily_count stays per entry (the per-role table reads it).
-- A person in two desa counts once in each. A NIK with entries of two statuses in one desa (in practice they agree: same
-- NIK, name and birth date, review decisions per NIK) counts under the first in SPEC 3.2's table order.
CREATE TABLE coverage.shard_people (
    as_of          date     NOT NULL,
    kecamatan_code char(6)  NOT NULL,
    kode_desa      char(10) NOT NULL,
    status         text     NOT NULL,
    people         integer  NOT NULL,
    PRIMARY KEY (as_of, kode_desa, status)
);

CREATE INDEX shard_people_kecamatan_idx ON coverage.shard_people (as_of, kecamatan_code);

CREATE TABLE coverage.daily_people (
    as_of     date     NOT NULL,
    kode_desa char(10) NOT NULL,
    status    text     NOT NULL,
    people    integer  NOT NULL,
    PRIMARY KEY (as_of, kode_desa, status)
);

-- Days counted before this migration kept only entries per role: their entries per desa and status are the best figure
-- left (a person under two roles still counts twice on those days, until the day is reconciled again).
INSERT INTO coverage.shard_people (as_of, kecamatan_code, kode_desa, status, people)
SELECT as_of, kecamatan_code, kode_desa, status, sum(people)
FROM coverage.shard_count
GROUP BY as_of, kecamatan_code, kode_desa, status;

INSERT INTO coverage.daily_people (as_of, kode_desa, status, people)
SELECT as_of, kode_desa, status, sum(people)
FROM coverage.daily_count
GROUP BY as_of, kode_desa, status;
