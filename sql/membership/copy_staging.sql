COPY membership_staging (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai, kunci) FROM STDIN (FORMAT BINARY)
