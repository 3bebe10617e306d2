COPY membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai) FROM STDIN (FORMAT BINARY)
