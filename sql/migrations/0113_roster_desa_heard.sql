-- When each desa was heard from (a roster sent, changed or not: migration 0110), kept per desa and business day (Asia/Jakarta)
-- with that day's last time. roster.desa_snapshot holds only the latest, which the hourly pull moves every hour: the digest
-- of a past week, sent on the Monday after it or weeks later, could not tell whether a desa had been silent for 90 days at
-- the week's end, and a desa silent all quarter that sent its roster on the Monday morning dropped out of the week's list.
-- A row a day, not a row a pull: 326 desa times 365 days is about 120,000 rows a year.
CREATE TABLE roster.desa_heard (
    kode_desa char(10)    NOT NULL,
    hari      date        NOT NULL,
    heard_at  timestamptz NOT NULL,
    PRIMARY KEY (kode_desa, hari)
);

-- The past, as far as it was kept: each desa's latest snapshot and when it was last heard from, the imports that name their
-- desa (a pull, a village's own file) and every import that added, changed or dropped one of the desa's entries. A resend
-- of unchanged content before today left no trace but the latest heard_at, so an earlier week may find a desa last heard
-- from earlier than it was.
INSERT INTO roster.desa_heard (kode_desa, hari, heard_at)
SELECT heard.kode_desa, (heard.at AT TIME ZONE 'Asia/Jakarta')::date, max(heard.at)
FROM (
    SELECT s.kode_desa, s.snapshot_at AS at FROM roster.desa_snapshot s
    UNION ALL
    SELECT s.kode_desa, s.heard_at FROM roster.desa_snapshot s WHERE s.heard_at IS NOT NULL
    UNION ALL
    SELECT i.kode_desa, i.imported_at FROM roster.import i WHERE i.kode_desa IS NOT NULL
    UNION ALL
    SELECT DISTINCT e.kode_desa, v.at FROM roster.entry_event v JOIN roster.entry e ON e.id = v.entry_id
) heard
GROUP BY 1, 2;
