COPY roster_stage (baris, kode_desa, nik, peran, nama, tanggal_lahir, jenis_kelamin, no_hp, peringatan, alasan, kode_desa_asli, nik_asli) FROM STDIN (FORMAT BINARY)
