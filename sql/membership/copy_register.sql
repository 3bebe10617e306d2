COPY membership.record (nik, kpj, nama, nama_normal, tanggal_lahir, segmen, program, status, iuran_sampai, kunci) FROM STDIN (FORMAT BINARY, FREEZE)
-- (Npgsql wants the statement first.) FREEZE: the register was truncated in this transaction (first_load_begin), so its
-- records are written frozen and all-visible: readers never set their hint bits (the first reconcile rewrote every page
-- of the register for that), and register_counts reads the people from the NIK index alone.
