-- +goose Up
-- The files each user has uploaded, by content hash. A report may attach only a file its author
-- uploaded, so that knowing the hash of someone else's document is not enough to obtain it.
CREATE TABLE file_uploads (
    id           INTEGER PRIMARY KEY,
    uploaded_by  BIGINT NOT NULL REFERENCES users(id),
    sha256       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL CHECK (size > 0),
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (uploaded_by, sha256)
);

-- The files attached to a progress report, in the order the author gave. The bytes are in the
-- file store under sha256; name is what the author called the file, content_type what the server
-- detected when it was uploaded.
CREATE TABLE report_attachments (
    id           INTEGER PRIMARY KEY,
    report_id    BIGINT NOT NULL REFERENCES progress_reports(id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL CHECK (size > 0),
    sha256       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (report_id, position)
);

-- +goose Down
DROP TABLE report_attachments;
DROP TABLE file_uploads;
