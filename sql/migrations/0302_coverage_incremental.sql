-- Incremental reconciliation (docs/coverage.md, "The incremental night"): a shard redoes only the entries whose inputs
-- changed since the state it last computed. Changes are found by transaction: every shard keeps the snapshot it read,
-- and a change is new to it when its transaction is not visible in that snapshot (exact under concurrency, unlike clocks).

-- What changed in the register, written by the statement triggers below whatever writes membership.record (the import,
-- an admin's fix): the identity of each row version that left (baru = false) or arrived (baru = true). Matching reads
-- records by NIK, and rules 2 and 3 by (nama_normal, tanggal_lahir, NIK), so that is all a shard needs to know.
-- A statement touching more rows than a night changes records one row with nik NULL: the register changed wholesale and
-- every shard recomputes in full (cheaper than a huge dirty set, and the log stays small).
CREATE TABLE membership.record_change (
    xid           xid8     NOT NULL DEFAULT pg_current_xact_id(),
    nik           char(16),
    nama_normal   text,
    tanggal_lahir date,
    baru          boolean  NOT NULL
);

CREATE INDEX record_change_xid_idx ON membership.record_change (xid);

CREATE FUNCTION membership.log_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    wholesale constant integer := 200000;
    touched integer;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT count(*) INTO touched FROM old_rows;
    ELSE
        SELECT count(*) INTO touched FROM new_rows;
    END IF;
    IF touched > wholesale THEN
        INSERT INTO membership.record_change (nik, baru) VALUES (NULL, true);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO membership.record_change (nik, nama_normal, tanggal_lahir, baru)
        SELECT DISTINCT nik, nama_normal, tanggal_lahir, false FROM old_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO membership.record_change (nik, nama_normal, tanggal_lahir, baru)
        SELECT DISTINCT nik, nama_normal, tanggal_lahir, true FROM new_rows;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER record_change_insert AFTER INSERT ON membership.record
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION membership.log_record_change();
CREATE TRIGGER record_change_update AFTER UPDATE ON membership.record
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION membership.log_record_change();
CREATE TRIGGER record_change_delete AFTER DELETE ON membership.record
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION membership.log_record_change();
-- Truncation logs no rows: it is a wholesale change.
CREATE FUNCTION membership.log_record_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO membership.record_change (nik, baru) VALUES (NULL, true);
    RETURN NULL;
END
$$;

CREATE TRIGGER record_change_truncate AFTER TRUNCATE ON membership.record
    FOR EACH STATEMENT EXECUTE FUNCTION membership.log_record_truncate();

-- Entries for which rules 2 and 3 found at least one register person at their last matching (before the precision
-- safeguards). Only these can depend on other roster entries, review decisions of others or the register beyond their
-- own NIK, so an incremental shard always redoes them.
CREATE TABLE matching.kandidat (
    entry_id bigint PRIMARY KEY
);

-- The state a kecamatan's present status was last computed from: the day, the snapshot its shard read, and the
-- expiring window it used. A shard with no state, another window, or a wholesale register change since recomputes in full.
CREATE TABLE coverage.shard_state (
    kecamatan_code       char(6)     PRIMARY KEY REFERENCES ref.kecamatan (code),
    as_of                date        NOT NULL,
    snapshot             pg_snapshot NOT NULL,
    expiring_window_days integer     NOT NULL
);

