-- A failure told once per cause and Alerts:RepeatAfter (docs/reliability.md, "When a job fails for good"): the hourly pull
-- failing on a refused token, or 29 shards on a database that was down at 02:00, were one email each. A failure of the
-- same job kind, exception and sentence as one emailed within the window is recorded here but not emailed; the next
-- email of that cause says how many there were.
ALTER TABLE alerts.failure_alert
    -- md5 of the job kind (recurring job id, or the job's class and method), the exception's type and its sentence.
    ADD COLUMN cause   text,
    ADD COLUMN emailed boolean NOT NULL DEFAULT true;

CREATE INDEX failure_alert_cause_idx ON alerts.failure_alert (cause, sent_at);
