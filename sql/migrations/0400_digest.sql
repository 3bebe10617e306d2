-- Weekly digests to officials (SPEC 1, 4): who receives which scope, and the outbox that makes each week's email go out once.
CREATE SCHEMA digest;

CREATE TABLE digest.recipient (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email            text        NOT NULL,
    name             text,
    -- Regency 3604, a kecamatan (6 digits) or a desa (10 digits) of Kabupaten Serang; the scope prefixes kode_desa.
    scope_code       text        NOT NULL CHECK (scope_code ~ '^3604([0-9]{2}([0-9]{4})?)?$'),
    language         text        NOT NULL DEFAULT 'id' CHECK (language IN ('id')),
    -- SPEC 6: NIKs are masked in emails unless the recipient is configured to see them whole.
    may_see_full_nik boolean     NOT NULL DEFAULT false,
    added_at         timestamptz NOT NULL,
    -- Removed recipients are kept so that the outbox keeps naming who got which week.
    removed_at       timestamptz
);

CREATE UNIQUE INDEX recipient_active_email_key ON digest.recipient (lower(email)) WHERE removed_at IS NULL;

-- One row per recipient and ISO week, never two: the unique key is what makes "never twice" hold across retries (SPEC 4).
CREATE TABLE digest.outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient_id    bigint      NOT NULL REFERENCES digest.recipient (id),
    iso_week        text        NOT NULL CHECK (iso_week ~ '^[0-9]{4}-W[0-9]{2}$'),
    message_id      text        NOT NULL UNIQUE,
    -- The rendered message; cleared once sent, so personal data does not linger in the outbox (SPEC 6).
    mime            bytea,
    rendered_at     timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    -- Set before a send and cleared by its outcome: a row found with it set was interrupted between send and mark.
    sending_since   timestamptz,
    -- The SMTP status or exception type, never an address or content.
    last_error      text,
    sent_at         timestamptz,
    CONSTRAINT outbox_recipient_week_key UNIQUE (recipient_id, iso_week)
);

CREATE INDEX outbox_unsent_idx ON digest.outbox (id) WHERE sent_at IS NULL;

-- The digest asks each week which flags opened and resolved in the week, once per recipient (356 scopes).
-- 0301 (coverage) already creates both indexes under these names; IF NOT EXISTS lets the two branches' migrations meet.
CREATE INDEX IF NOT EXISTS flag_opened_on_idx ON coverage.flag (opened_on);
CREATE INDEX IF NOT EXISTS flag_resolved_on_idx ON coverage.flag (resolved_on) WHERE resolved_on IS NOT NULL;
