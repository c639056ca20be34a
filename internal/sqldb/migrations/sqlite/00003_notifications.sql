-- +goose Up
-- In-app notifications: one row per message per user, unread while read_at is NULL.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    task_id    BIGINT REFERENCES tasks(id),
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);

-- Webhooks of a unit's subtree (unit_id) or of one user (user_id); events is ",a,b," so that a
-- subscription is found with a portable LIKE.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    unit_id    BIGINT REFERENCES units(id),
    user_id    BIGINT REFERENCES users(id),
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    events     TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((unit_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX webhooks_unit ON webhooks (unit_id);
CREATE INDEX webhooks_user ON webhooks (user_id);

-- One row per delivery attempt. A row is due while attempted_at is NULL, next_attempt_at has come
-- and no sender holds it (claimed_until); all attempts of one event share delivery, sent as
-- X-Dondoc-Delivery.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks(id),
    delivery        TEXT NOT NULL,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    status_code     INTEGER,
    error           TEXT NOT NULL DEFAULT '',
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until   TIMESTAMP,
    attempted_at    TIMESTAMP,
    delivered_at    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (attempted_at, next_attempt_at, id);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

-- Calendar feed tokens: only the SHA-256 of the secret is kept.
CREATE TABLE feed_tokens (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id    BIGINT REFERENCES users(id),
    unit_id    BIGINT REFERENCES units(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    CHECK ((unit_id IS NULL) <> (user_id IS NULL))
);

-- +goose Down
DROP TABLE feed_tokens;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE notifications;
