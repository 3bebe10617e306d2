COPY roster_stage (baris, kode_desa, nik, peran, nama, nama_normal, tanggal_lahir, jenis_kelamin, no_hp, peringatan, alasan, kode_desa_asli, nik_asli) FROM STDIN (FORMAT BINARY)
