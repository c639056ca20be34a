-- +goose Up
-- An office lets a unit enter one indicator's value for one period after the period's entry has
-- locked, until a day it names and for a reason it gives. A grant is revoked rather than deleted,
-- so that the record of who reopened what stays; at most one grant per unit, indicator and period
-- is unrevoked at a time.
CREATE TABLE indicator_entry_exceptions (
    id           INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    period       TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    granted_by   BIGINT REFERENCES users(id),
    granted_at   TIMESTAMP NOT NULL,
    revoked_by   BIGINT REFERENCES users(id),
    revoked_at   TIMESTAMP,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX indicator_entry_exceptions_open ON indicator_entry_exceptions (indicator_id, unit_id, period)
    WHERE revoked_at IS NULL;
CREATE INDEX indicator_entry_exceptions_indicator ON indicator_entry_exceptions (indicator_id, id);

-- A key project's disbursement plan and what was disbursed, by calendar month ("2024-05"), in the
-- project's money unit. actual stays NULL until the month's figure is reported.
CREATE TABLE project_disbursements (
    id         INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    month      TEXT NOT NULL,
    planned    DOUBLE PRECISION NOT NULL DEFAULT 0,
    actual     DOUBLE PRECISION,
    note       TEXT NOT NULL DEFAULT '',
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, month)
);

-- +goose Down
DROP TABLE project_disbursements;
DROP TABLE indicator_entry_exceptions;
