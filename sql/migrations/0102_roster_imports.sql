-- Roster import bookkeeping (SPEC 2.1, 2.2): every file or feed pull is recorded with its content hash, so the same
-- content again changes nothing, and every appearance, change and departure of an entry is kept as an event.
CREATE TABLE roster.import (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The file name, or the feed name for a pull of one desa.
    sumber       text        NOT NULL,
    jenis        text        NOT NULL CHECK (jenis IN ('FILE', 'FEED')),
    -- A pull covers one desa; a file covers the desa it lists.
    kode_desa    char(10),
    sha256       text        NOT NULL,
    imported_at  timestamptz NOT NULL,
    rows_taken   integer     NOT NULL DEFAULT 0,
    rows_changed integer     NOT NULL DEFAULT 0,
    rows_left    integer     NOT NULL DEFAULT 0,
    rows_quarantined integer NOT NULL DEFAULT 0
);

CREATE INDEX import_latest_idx ON roster.import (jenis, sumber, kode_desa, imported_at DESC);

-- APPEAR: new, or back after having left; CHANGE: name, birth date, sex, phone or warnings changed; LEAVE: no longer listed.
CREATE TABLE roster.entry_event (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id  bigint      NOT NULL REFERENCES roster.entry (id),
    import_id bigint      NOT NULL REFERENCES roster.import (id),
    kind      text        NOT NULL CHECK (kind IN ('APPEAR', 'CHANGE', 'LEAVE')),
    at        timestamptz NOT NULL
);

CREATE INDEX entry_event_entry_idx ON roster.entry_event (entry_id);
CREATE INDEX entry_event_at_idx ON roster.entry_event (at);

-- SPEC 3.1 warnings are not rejections; they stay with the entry so the village can be told (digest, exports).
ALTER TABLE roster.entry ADD COLUMN peringatan text[] NOT NULL DEFAULT '{}';

ALTER TABLE roster.quarantine ADD COLUMN import_id bigint REFERENCES roster.import (id);

-- Which import each desa's latest snapshot came from: the same file again, while it is still every desa's latest, is skipped.
ALTER TABLE roster.import ADD COLUMN desa_count integer NOT NULL DEFAULT 0;
ALTER TABLE roster.desa_snapshot ADD COLUMN import_id bigint REFERENCES roster.import (id);
