-- entry_event is written only by the set-based roster merge, a million rows at a time (SPEC 2.1 history): its foreign keys
-- were checked row by row by triggers and doubled the cost of a first import. Entries and imports are never deleted.
ALTER TABLE roster.entry_event DROP CONSTRAINT entry_event_entry_id_fkey;
ALTER TABLE roster.entry_event DROP CONSTRAINT entry_event_import_id_fkey;

-- Events are appended in time order, so a BRIN index answers "what changed this week" at a fraction of a B-tree's upkeep.
DROP INDEX roster.entry_event_at_idx;
CREATE INDEX entry_event_at_brin ON roster.entry_event USING brin (at);
