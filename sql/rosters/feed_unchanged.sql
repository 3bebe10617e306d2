-- The desa's latest snapshot came from this feed with the same content.
SELECT EXISTS (
    SELECT 1
    FROM roster.desa_snapshot d
    JOIN roster.import i ON i.id = d.import_id
    WHERE d.kode_desa = @KodeDesa AND i.jenis = 'FEED' AND i.sumber = @Sumber AND i.sha256 = @Sha256);
