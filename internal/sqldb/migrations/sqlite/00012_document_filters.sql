-- +goose Up
-- The document list filters by issuing system, by issuer without diacritics, by the documents that
-- cite one and by the documents that still have open tasks, in SQL rather than page by page.
-- number_system is the system of the parsed number-symbol ('party', 'state' or ''); issuer_folded
-- is the issuer folded as search folds text (vntext.Fold), which SQL cannot compute, so the
-- server fills it for existing rows after migrating (DB.Migrate) and on every write.
ALTER TABLE documents ADD COLUMN number_system TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN issuer_folded TEXT NOT NULL DEFAULT '';
UPDATE documents SET number_system = COALESCE(json_extract(number_parsed, '$.system'), '') WHERE number_parsed <> '';
CREATE INDEX documents_system_date ON documents (number_system, doc_date, id);
CREATE INDEX document_refs_target ON document_refs (ref_document_id, document_id);
CREATE INDEX tasks_document_status ON tasks (document_id, status);

-- +goose Down
DROP INDEX tasks_document_status;
DROP INDEX document_refs_target;
DROP INDEX documents_system_date;
ALTER TABLE documents DROP COLUMN issuer_folded;
ALTER TABLE documents DROP COLUMN number_system;
