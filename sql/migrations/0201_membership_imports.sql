-- Every membership file taken into the register (SPEC 2.4). The newest accepted file is the truth as of its date;
-- its row count is what the next file is compared with, and its hash makes importing the same file twice a no-op.
CREATE TABLE membership.import (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name   text        NOT NULL,
    file_hash   char(64)    NOT NULL,
    -- Records taken into the register, and rows left out as bad.
    rows        integer     NOT NULL CHECK (rows >= 0),
    bad_rows    integer     NOT NULL CHECK (bad_rows >= 0),
    as_of       date        NOT NULL,
    imported_at timestamptz NOT NULL,
    CONSTRAINT import_file_hash_key UNIQUE (file_hash)
);

CREATE INDEX import_imported_at_idx ON membership.import (imported_at DESC);
