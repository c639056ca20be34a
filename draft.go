package dondoc

import (
	"context"
	"encoding/json"
	"time"
)

// The states of an ingest draft: waiting for the office, registered, or thrown away.
const (
	DraftPending   = "pending"
	DraftConfirmed = "confirmed"
	DraftDiscarded = "discarded"
)

// Draft is an uploaded file waiting for the office to check what the reader proposed. SHA256
// names the stored original. Proposal is the reader's proposal as it wrote it: storage keeps it
// without reading it, so that the storage layer does not depend on the reader.
type Draft struct {
	ID         int64           `json:"id"`
	SHA256     string          `json:"sha256"`
	Filename   string          `json:"filename"`
	Status     string          `json:"status"`
	DocumentID *int64          `json:"document_id"`
	CreatedBy  *int64          `json:"created_by"`
	CreatedAt  time.Time       `json:"created_at"`
	Version    int64           `json:"version"`
	Proposal   json.RawMessage `json:"draft"`
}

// DraftConfirmation is the office's checked version of a proposal: the document and the tasks to
// register, in one transaction.
type DraftConfirmation struct {
	Document DocumentInput `json:"document"`
	Tasks    []TaskInput   `json:"tasks"`
}

// DraftStore keeps drafts. CreateDraft refuses a file already registered or waiting (a conflict on
// "file" naming the document or draft); ConfirmDraft registers the document, records the file's
// hash on it and creates the tasks in one transaction, naming a bad task's field "tasks[i].…".
type DraftStore interface {
	CreateDraft(ctx context.Context, sha256, filename string, proposal json.RawMessage) (*Draft, error)
	GetDraft(ctx context.Context, id int64) (*Draft, error)
	DiscardDraft(ctx context.Context, id, version int64) (*Draft, error)
	ConfirmDraft(ctx context.Context, id, version int64, c DraftConfirmation) (*Document, error)
}
