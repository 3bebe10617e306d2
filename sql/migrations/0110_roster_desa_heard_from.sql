-- When each desa last sent its roster, changed or not: a file or pull with the same content as before changes no
-- snapshot (snapshot_at stays the time its content arrived), but the desa was heard from, and the digest's list of desa
-- without an update for 90 days should not name one that resent its roster today.
ALTER TABLE roster.desa_snapshot ADD COLUMN heard_at timestamptz;
UPDATE roster.desa_snapshot SET heard_at = snapshot_at;
