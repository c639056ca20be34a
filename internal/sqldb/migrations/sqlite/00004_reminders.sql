-- +goose Up
-- Reminders are domain rows: the daily scan writes one row per reminder step and recipient, and
-- the unique indexes below make a second scan of the same day write nothing twice. A reminder
-- about an escalation names the escalation; every other reminder names its task alone.
CREATE TABLE reminders (
    id                INTEGER PRIMARY KEY,
    task_id           BIGINT REFERENCES tasks(id),
    escalation_id     BIGINT REFERENCES escalations(id),
    kind              TEXT NOT NULL CHECK (kind IN ('task','report','confirmation','extension','escalation')),
    period            TEXT NOT NULL DEFAULT '',
    step              INTEGER NOT NULL,
    recipient_user_id BIGINT NOT NULL REFERENCES users(id),
    due_on            TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    sent_at           TIMESTAMP
);
CREATE UNIQUE INDEX reminders_once_task ON reminders (kind, task_id, step, recipient_user_id, due_on)
    WHERE escalation_id IS NULL;
CREATE UNIQUE INDEX reminders_once_escalation ON reminders (kind, escalation_id, step, recipient_user_id, due_on)
    WHERE escalation_id IS NOT NULL;
CREATE INDEX reminders_pending ON reminders (id) WHERE sent_at IS NULL;
CREATE INDEX reminders_recipient ON reminders (recipient_user_id, due_on);

-- Settings an administrator edits, such as the reminder ladder, as JSON values with a version
-- for optimistic concurrency.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE reminders;
