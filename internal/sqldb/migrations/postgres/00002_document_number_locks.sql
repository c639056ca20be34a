-- +goose Up
-- One row per document number key, upserted by every registration of that number so that
-- concurrent registrations of the same number run one after the other (see sqldb.lockNumber).
CREATE TABLE document_number_locks (
    number_key TEXT PRIMARY KEY,
    touched_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE document_number_locks;
