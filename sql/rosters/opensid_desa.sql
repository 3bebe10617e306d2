-- The desa among @Desa whose OpenSID roles an OpenSID source (a pull, or a Data Penduduk export file) has written: a
-- template file speaks there for the other roles only (RosterSnapshotRoles), as in a desa a configured feed pulls.
SELECT DISTINCT i.kode_desa
FROM roster.import i
WHERE i.perans IS NOT NULL
  AND i.kode_desa = ANY (@Desa::char(10)[]);
