COPY reference_stage (c1, c2) FROM STDIN (FORMAT csv, HEADER true, ENCODING 'UTF8')
