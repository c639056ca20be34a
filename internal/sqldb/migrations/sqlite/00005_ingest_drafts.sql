-- +goose Up
-- Drafts are documents read from an uploaded file and waiting for the office to check them: the
-- parser's proposal as JSON, until it is confirmed (registered as a document with its tasks) or
-- discarded. The SHA-256 of the file is unique so that the same file uploaded twice is caught.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    filename    TEXT NOT NULL,
    draft       TEXT NOT NULL,
    created_by  BIGINT REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','confirmed','discarded')),
    document_id BIGINT REFERENCES documents(id),
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX documents_source_sha256 ON documents (source_sha256);

-- +goose Down
DROP INDEX documents_source_sha256;
DROP TABLE drafts;
