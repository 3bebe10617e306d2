-- The incremental night with the regency's changes gathered once (docs/coverage.md, "The incremental night",
-- "Gathered once"): before the shards fan out, sql/coverage/gather_changes.sql finds the entries every change since the oldest
-- kecamatan state affects, each with the transaction of its change; a shard then takes its kecamatan's rows whose
-- transaction its own state did not see, instead of joining the regency's changes with its entries and candidates.

-- What a gathered night finds from the change log and not by reading every entry's xmin: an entry whose own inputs changed.
-- Its own inputs are more than what other entries' candidates read (NIK, name, birth date, active or not): also the
-- written birth date (rule 2 with a birth-date typo), and the desa and role (an admin's fix by hand; an import never
-- changes them). Logging them too only adds rows the safeguards' joins find nothing for.
CREATE OR REPLACE FUNCTION roster.log_entry_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    wholesale constant integer := 200000;
    touched integer;
BEGIN
    SELECT count(*) INTO touched FROM old_rows;
    IF touched > wholesale THEN
        INSERT INTO roster.entry_change (nik) VALUES (NULL);
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        INSERT INTO roster.entry_change (nik, nama_normal, tanggal_lahir)
        SELECT DISTINCT nik, nama_normal, tanggal_lahir FROM old_rows;
        RETURN NULL;
    END IF;
    -- A new phone number or a name written otherwise with the same normalised name changes no result.
    INSERT INTO roster.entry_change (nik, nama_normal, tanggal_lahir)
    SELECT DISTINCT identitas.*
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.nik, o.nama_normal, o.tanggal_lahir), (n.nik, n.nama_normal, n.tanggal_lahir)) identitas
    WHERE (o.nik, o.nama_normal, o.tanggal_lahir, o.tanggal_lahir_tertulis, o.kode_desa, o.peran, o.left_at IS NULL)
          IS DISTINCT FROM (n.nik, n.nama_normal, n.tanggal_lahir, n.tanggal_lahir_tertulis, n.kode_desa, n.peran, n.left_at IS NULL);
    RETURN NULL;
END
$$;

-- The entries the changes since dari affect, by kecamatan, each with the transaction of the change (an entry appears
-- once per change): a shard whose state was computed at snapshot S redoes those whose transaction S does not see.
CREATE TABLE coverage.changed_entry (
    kecamatan_code char(6) NOT NULL,
    entry_id       bigint  NOT NULL,
    xid            xid8    NOT NULL
);

CREATE INDEX changed_entry_kecamatan_idx ON coverage.changed_entry (kecamatan_code);

-- What the gathering covered: every change with a transaction from dari on that its snapshot saw. A shard may use it
-- when dari is no later than its own state's xmin and nothing was logged since the snapshot.
CREATE TABLE coverage.changed_entry_state (
    gathered boolean     PRIMARY KEY DEFAULT true CHECK (gathered),
    dari     xid8        NOT NULL,
    snapshot pg_snapshot NOT NULL
);
