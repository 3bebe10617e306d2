-- The incremental night without redoing every rule 2/3 candidate (docs/coverage.md, "The incremental night"): a candidate's
-- result also depends on other roster entries, their registration and others' review decisions (the precision safeguards
-- of sql/matching/match_scope.sql). matching.kandidat now keeps what those safeguards look at, per register person, and
-- roster.entry_change logs which roster identities changed, so a shard redoes a candidate only when one of them changed.

-- One row per entry and register person rules 2 and 3 considered: the person's NIK (a roster entry under it, NIKs one
-- typo from it, decisions on it), the entry's normalised name and the person's birth date (namesakes on the roster).
-- The old rows say only which entries had candidates: forget them and every shard's state, so the next night is full.
DELETE FROM coverage.shard_state;
DROP TABLE matching.kandidat;
CREATE TABLE matching.kandidat (
    entry_id        bigint   NOT NULL,
    member_nik      char(16) NOT NULL,
    nama_normal     text     NOT NULL,
    tanggal_anggota date,
    PRIMARY KEY (entry_id, member_nik)
);

-- Which roster identities (NIK, normalised name, birth date, active or not) changed, whatever the writer, for the shards
-- of every kecamatan: a namesake elsewhere in the regency can change a candidate's result. Updates and deletions log the
-- identity before and after (a rename in place loses the old name from roster.entry); an insertion logs only the range
-- of ids it added (one row per statement: a first import inserts a million entries), read back from roster.entry.
-- A statement updating or deleting more rows than a night changes logs one wholesale row (every column NULL): every
-- shard then recomputes in full.
CREATE TABLE roster.entry_change (
    xid           xid8     NOT NULL DEFAULT pg_current_xact_id(),
    nik           char(16),
    nama_normal   text,
    tanggal_lahir date,
    id_dari       bigint,
    id_sampai     bigint
);

CREATE INDEX entry_change_xid_idx ON roster.entry_change (xid);

CREATE FUNCTION roster.log_entry_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roster.entry_change (id_dari, id_sampai)
    SELECT min(id), max(id) FROM new_rows HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION roster.log_entry_change() RETURNS trigger
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
    -- Only what matching reads of another entry: a new phone number changes no candidate.
    INSERT INTO roster.entry_change (nik, nama_normal, tanggal_lahir)
    SELECT DISTINCT identitas.*
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    CROSS JOIN LATERAL (VALUES (o.nik, o.nama_normal, o.tanggal_lahir), (n.nik, n.nama_normal, n.tanggal_lahir)) identitas
    WHERE (o.nik, o.nama_normal, o.tanggal_lahir, o.left_at IS NULL)
          IS DISTINCT FROM (n.nik, n.nama_normal, n.tanggal_lahir, n.left_at IS NULL);
    RETURN NULL;
END
$$;

CREATE TRIGGER entry_change_insert AFTER INSERT ON roster.entry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster.log_entry_insert();
CREATE TRIGGER entry_change_update AFTER UPDATE ON roster.entry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION roster.log_entry_change();
CREATE TRIGGER entry_change_delete AFTER DELETE ON roster.entry
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION roster.log_entry_change();

CREATE FUNCTION roster.log_entry_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO roster.entry_change (nik) VALUES (NULL);
    RETURN NULL;
END
$$;

CREATE TRIGGER entry_change_truncate AFTER TRUNCATE ON roster.entry
    FOR EACH STATEMENT EXECUTE FUNCTION roster.log_entry_truncate();
