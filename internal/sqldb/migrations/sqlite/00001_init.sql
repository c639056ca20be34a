-- +goose Up
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   BIGINT REFERENCES units(id),
    kind        TEXT NOT NULL,
    code        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    short_name  TEXT NOT NULL DEFAULT '',
    path        TEXT NOT NULL DEFAULT '',
    valid_from  TEXT NOT NULL DEFAULT '',
    valid_to    TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX units_path ON units (path);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_code ON units (code);

CREATE TABLE unit_changes (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('merge','split','rename','move')),
    effective TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE unit_change_links (
    change_id BIGINT NOT NULL REFERENCES unit_changes(id),
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    role      TEXT NOT NULL CHECK (role IN ('predecessor','successor')),
    PRIMARY KEY (change_id, unit_id, role)
);

CREATE TABLE unit_groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE unit_group_members (
    group_id BIGINT NOT NULL REFERENCES unit_groups(id),
    unit_id  BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (group_id, unit_id)
);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    full_name   TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE posts (
    id       INTEGER PRIMARY KEY,
    unit_id  BIGINT NOT NULL REFERENCES units(id),
    title    TEXT NOT NULL,
    is_head  BOOLEAN NOT NULL DEFAULT FALSE,
    area     TEXT NOT NULL DEFAULT '',
    version  BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX posts_unit ON posts (unit_id);
-- One head post per unit.
CREATE UNIQUE INDEX posts_one_head ON posts (unit_id) WHERE is_head;

CREATE TABLE holdings (
    id        INTEGER PRIMARY KEY,
    post_id   BIGINT NOT NULL REFERENCES posts(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    held_from TEXT NOT NULL,
    held_to   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX holdings_post ON holdings (post_id, held_from);
CREATE INDEX holdings_person ON holdings (person_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    person_id     BIGINT REFERENCES people(id),
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE grants (
    id      INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL CHECK (role IN ('office','leader','unit_head','unit_officer','viewer','admin')),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    UNIQUE (user_id, role, unit_id)
);

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL,
    prefix     TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    doc_type        TEXT NOT NULL,
    number_symbol   TEXT NOT NULL DEFAULT '',
    number_norm     TEXT NOT NULL DEFAULT '',
    number_parsed   TEXT NOT NULL DEFAULT '',
    issuer_unit_id  BIGINT REFERENCES units(id),
    issuer          TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    doc_date        TEXT NOT NULL,
    received_on     TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',
    signing_auth    TEXT NOT NULL DEFAULT '',
    signer_title    TEXT NOT NULL DEFAULT '',
    signer_name     TEXT NOT NULL DEFAULT '',
    urgency         TEXT NOT NULL DEFAULT '',
    secrecy         TEXT NOT NULL DEFAULT '',
    stub            BOOLEAN NOT NULL DEFAULT FALSE,
    source_sha256   TEXT NOT NULL DEFAULT '',
    recipients      TEXT NOT NULL DEFAULT '',
    distribution    TEXT NOT NULL DEFAULT '',
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX documents_number ON documents (number_norm);
CREATE INDEX documents_date ON documents (doc_date, id);
CREATE INDEX documents_sha ON documents (source_sha256);

CREATE TABLE document_refs (
    id             INTEGER PRIMARY KEY,
    document_id    BIGINT NOT NULL REFERENCES documents(id),
    number_symbol  TEXT NOT NULL,
    number_norm    TEXT NOT NULL,
    ref_type       TEXT NOT NULL DEFAULT '',
    ref_date       TEXT NOT NULL DEFAULT '',
    ref_document_id BIGINT REFERENCES documents(id)
);
CREATE INDEX document_refs_doc ON document_refs (document_id);
CREATE INDEX document_refs_norm ON document_refs (number_norm);

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    investor_unit_id BIGINT NOT NULL REFERENCES units(id),
    total_investment DOUBLE PRECISION NOT NULL DEFAULT 0,
    planned_start    TEXT NOT NULL DEFAULT '',
    planned_end      TEXT NOT NULL DEFAULT '',
    indicator_id     BIGINT,
    milestones       TEXT NOT NULL DEFAULT '',
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL
);

CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY,
    document_id         BIGINT REFERENCES documents(id),
    clause_id           TEXT NOT NULL DEFAULT '',
    source_kind         TEXT NOT NULL DEFAULT 'manual' CHECK (source_kind IN ('manual','document','field_visit','escalation')),
    source_id           BIGINT,
    parent_id           BIGINT REFERENCES tasks(id),
    project_id          BIGINT REFERENCES projects(id),
    title               TEXT NOT NULL,
    body                TEXT NOT NULL DEFAULT '',
    lead_unit_id        BIGINT NOT NULL REFERENCES units(id),
    accountable_post_id BIGINT REFERENCES posts(id),
    assigner_unit_id    BIGINT NOT NULL REFERENCES units(id),
    report_to_unit_id   BIGINT REFERENCES units(id),
    deadline            TEXT NOT NULL DEFAULT '',
    due_on              TEXT NOT NULL,
    is_key              BOOLEAN NOT NULL DEFAULT FALSE,
    status              TEXT NOT NULL CHECK (status IN ('draft','assigned','in_progress','completion_requested','done','suspended','cancelled')),
    status_before       TEXT NOT NULL DEFAULT '',
    progress            INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    extensions          INTEGER NOT NULL DEFAULT 0,
    completed_on        TEXT NOT NULL DEFAULT '',
    child_count         INTEGER NOT NULL DEFAULT 0,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX tasks_status_due ON tasks (status, due_on, id);
CREATE INDEX tasks_due ON tasks (due_on, id);
CREATE INDEX tasks_lead_due ON tasks (lead_unit_id, due_on, id);
CREATE INDEX tasks_assigner ON tasks (assigner_unit_id);
CREATE INDEX tasks_document ON tasks (document_id, id);
CREATE INDEX tasks_parent ON tasks (parent_id, id);
CREATE INDEX tasks_project ON tasks (project_id);

CREATE TABLE task_coordinators (
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    part    TEXT NOT NULL DEFAULT '',
    status  TEXT NOT NULL DEFAULT 'assigned',
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_coordinators_unit ON task_coordinators (unit_id, task_id);

CREATE TABLE task_events (
    id       INTEGER PRIMARY KEY,
    task_id  BIGINT NOT NULL REFERENCES tasks(id),
    kind     TEXT NOT NULL,
    actor_id BIGINT,
    actor    TEXT NOT NULL,
    at       TIMESTAMP NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    data     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_events_task ON task_events (task_id, id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    actor_id    BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   BIGINT NOT NULL,
    at          TIMESTAMP NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_object ON audit_log (object_type, object_id, id);

CREATE TABLE progress_reports (
    id           INTEGER PRIMARY KEY,
    task_id      BIGINT NOT NULL REFERENCES tasks(id),
    period       TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    percent      INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    difficulties TEXT NOT NULL DEFAULT '',
    proposals    TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('submitted','approved','accepted','returned')),
    submitted_by BIGINT NOT NULL REFERENCES users(id),
    approved_by  BIGINT REFERENCES users(id),
    accepted_by  BIGINT REFERENCES users(id),
    note         TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports (task_id, id);

CREATE TABLE extensions (
    id           INTEGER PRIMARY KEY,
    task_id      BIGINT NOT NULL REFERENCES tasks(id),
    proposed     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
    requested_by BIGINT NOT NULL REFERENCES users(id),
    decided_by   BIGINT REFERENCES users(id),
    note         TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX extensions_task ON extensions (task_id, id);

CREATE TABLE escalations (
    id           INTEGER PRIMARY KEY,
    task_id      BIGINT REFERENCES tasks(id),
    report_id    BIGINT REFERENCES progress_reports(id),
    from_unit_id BIGINT NOT NULL REFERENCES units(id),
    to_unit_id   BIGINT NOT NULL REFERENCES units(id),
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    response_due TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open','answered','closed')),
    direction    TEXT NOT NULL DEFAULT '',
    answered_by  BIGINT REFERENCES users(id),
    answered_on  TEXT NOT NULL DEFAULT '',
    raised_by    BIGINT NOT NULL REFERENCES users(id),
    raised_on    TEXT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX escalations_status ON escalations (status, id);
CREATE INDEX escalations_task ON escalations (task_id);

CREATE TABLE field_visits (
    id               INTEGER PRIMARY KEY,
    leader_person_id BIGINT NOT NULL REFERENCES people(id),
    post_id          BIGINT REFERENCES posts(id),
    area             TEXT NOT NULL DEFAULT '',
    visit_date       TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    recorded_by      BIGINT REFERENCES users(id),
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL
);
CREATE TABLE field_visit_units (
    visit_id BIGINT NOT NULL REFERENCES field_visits(id),
    unit_id  BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (visit_id, unit_id)
);
CREATE TABLE findings (
    id       INTEGER PRIMARY KEY,
    visit_id BIGINT NOT NULL REFERENCES field_visits(id),
    body     TEXT NOT NULL,
    task_id  BIGINT REFERENCES tasks(id)
);
CREATE INDEX findings_visit ON findings (visit_id, id);

CREATE TABLE indicators (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    measure          TEXT NOT NULL,
    aggregation      TEXT NOT NULL CHECK (aggregation IN ('sum','ratio','last','average')),
    period_type      TEXT NOT NULL,
    higher_is_better BOOLEAN NOT NULL DEFAULT TRUE,
    disaggregations  TEXT NOT NULL DEFAULT '',
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL
);

CREATE TABLE targets (
    id           INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    period       TEXT NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (indicator_id, unit_id, period)
);

CREATE TABLE actuals (
    id           INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    period       TEXT NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    denominator  DOUBLE PRECISION,
    parts        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('submitted','approved','accepted','returned')),
    note         TEXT NOT NULL DEFAULT '',
    submitted_by BIGINT NOT NULL REFERENCES users(id),
    submitted_at TIMESTAMP NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    UNIQUE (indicator_id, unit_id, period)
);

-- Full-text search over folded text (see internal/vntext.Fold): FTS5 cannot fold đ, so the folded
-- copy is made in Go and indexed here without diacritic removal. One contentless table per kind
-- of object, keyed by the object's id, keeps each write to the index pages alone. The prefix
-- indexes serve the last word of a query, matched as a prefix while it is typed: without them
-- FTS5 merges every matching term's postings before it can return the first match.
CREATE VIRTUAL TABLE task_fts USING fts5(folded, content = '', contentless_delete = 1, detail = none, prefix = '1 2 3 4 5 6',
    tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE document_fts USING fts5(folded, content = '', contentless_delete = 1, detail = none, prefix = '1 2 3 4 5 6',
    tokenize = 'unicode61 remove_diacritics 0');

-- +goose Down
SELECT 1;
