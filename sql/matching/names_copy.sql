COPY nama_baru (id, nama, nama_normal) FROM STDIN (FORMAT BINARY)
