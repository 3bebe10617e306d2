-- The Matching:SerialDifference policy a kecamatan's present state was matched with. An incremental night redoes only the
-- entries whose inputs changed; after the policy changes every entry must be matched again, as after a change of the
-- expiring window. States recorded before were matched with the only policy there was, Review.
ALTER TABLE coverage.shard_state
    ADD COLUMN serial_difference text NOT NULL DEFAULT 'Review'
        CONSTRAINT shard_state_serial_difference_check CHECK (serial_difference IN ('Review', 'Correct'));
