package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"dondoc"
)

// draftRow is a row of drafts.
type draftRow struct {
	ID         int64     `db:"id"`
	SHA256     string    `db:"sha256"`
	Filename   string    `db:"filename"`
	Draft      string    `db:"draft"`
	Status     string    `db:"status"`
	DocumentID *int64    `db:"document_id"`
	CreatedBy  *int64    `db:"created_by"`
	CreatedAt  time.Time `db:"created_at"`
	Version    int64     `db:"version"`
}

const draftColumns = `id, sha256, filename, draft, status, document_id, created_by, created_at, version`

func (r *draftRow) draft() (*dondoc.Draft, error) {
	if !json.Valid([]byte(r.Draft)) {
		return nil, dondoc.Internal(fmt.Errorf("draft %d: stored proposal is not JSON", r.ID))
	}
	return &dondoc.Draft{ID: r.ID, SHA256: r.SHA256, Filename: r.Filename, Status: r.Status, DocumentID: r.DocumentID,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), Version: r.Version, Proposal: json.RawMessage(r.Draft)}, nil
}

// requireRegistrar lets only the office and leaders near drafts: a draft is a document not yet
// registered, and registering documents is theirs.
func requireRegistrar(ctx context.Context) error {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return err
	}
	if !dondoc.CanRegisterDocument(a) {
		return dondoc.Forbidden("Chỉ văn phòng hoặc lãnh đạo được đưa văn bản vào hệ thống.",
			"Only the office or leaders may ingest documents.")
	}
	return nil
}

// CreateDraft records the proposal for an uploaded file. A file whose hash a registered document
// or a pending draft already carries is refused as a conflict on "file" naming it; a discarded
// draft of the same file is taken up again with the new proposal.
func (db *DB) CreateDraft(ctx context.Context, sha256, filename string, proposal json.RawMessage) (*dondoc.Draft, error) {
	if err := requireRegistrar(ctx); err != nil {
		return nil, err
	}
	if !json.Valid(proposal) {
		return nil, dondoc.Invalid("draft", "Đề xuất không phải JSON hợp lệ.", "The proposal is not valid JSON.")
	}
	body := proposal
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		var docs []int64
		if err := tx.Select(&docs, tx.Rebind(`SELECT id FROM documents WHERE source_sha256 = ? ORDER BY id`), sha256); err != nil {
			return err
		}
		if len(docs) > 0 {
			return dondoc.Errorf(dondoc.EConflict, "file",
				fmt.Sprintf("Tệp này đã được vào sổ: văn bản mã %d.", docs[0]),
				fmt.Sprintf("This file is already registered as document %d.", docs[0]))
		}
		var old draftRow
		err := tx.get("draft", &old, `SELECT `+draftColumns+` FROM drafts WHERE sha256 = ?`, sha256)
		switch {
		case dondoc.IsCode(err, dondoc.ENotFound):
			id, err = tx.insert(`INSERT INTO drafts (sha256, filename, draft, created_by, created_at, status)
				VALUES (?, ?, ?, ?, ?, ?)`, sha256, filename, string(body), tx.actorID(), tx.now, dondoc.DraftPending)
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case old.Status != dondoc.DraftDiscarded:
			return dondoc.Errorf(dondoc.EConflict, "file",
				fmt.Sprintf("Tệp này đã được tải lên và đang chờ xác nhận: bản nháp mã %d.", old.ID),
				fmt.Sprintf("This file was already uploaded and awaits confirmation as draft %d.", old.ID))
		default:
			id = old.ID
			if err := tx.bumpVersion("drafts", id, old.Version); err != nil {
				return err
			}
			if _, err := tx.exec(`UPDATE drafts SET filename = ?, draft = ?, created_by = ?, created_at = ?, status = ? WHERE id = ?`,
				filename, string(body), tx.actorID(), tx.now, dondoc.DraftPending, id); err != nil {
				return err
			}
		}
		return tx.audit("draft.create", "draft", id, nil, map[string]string{"sha256": sha256, "filename": filename})
	})
	if err != nil {
		return nil, err
	}
	return db.GetDraft(ctx, id)
}

// GetDraft reads a draft.
func (db *DB) GetDraft(ctx context.Context, id int64) (*dondoc.Draft, error) {
	if err := requireRegistrar(ctx); err != nil {
		return nil, err
	}
	var r draftRow
	if err := db.get(ctx, "draft", &r, `SELECT `+draftColumns+` FROM drafts WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return r.draft()
}

// pendingDraft locks a pending draft of the given version for a change.
func (tx *Tx) pendingDraft(id, version int64) (*draftRow, error) {
	var r draftRow
	if err := tx.get("draft", &r, `SELECT `+draftColumns+` FROM drafts WHERE id = ?`, id); err != nil {
		return nil, err
	}
	if r.Status != dondoc.DraftPending {
		return nil, dondoc.Conflict("Bản nháp đã được xác nhận hoặc đã bị hủy.", "The draft was already confirmed or discarded.")
	}
	if err := tx.bumpVersion("drafts", id, version); err != nil {
		return nil, err
	}
	return &r, nil
}

// DiscardDraft throws a pending draft away. The stored file stays: it is named by its content and
// may be shared with a later upload of the same file.
func (db *DB) DiscardDraft(ctx context.Context, id, version int64) (*dondoc.Draft, error) {
	if err := requireRegistrar(ctx); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.pendingDraft(id, version); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE drafts SET status = ? WHERE id = ?`, dondoc.DraftDiscarded, id); err != nil {
			return err
		}
		return tx.audit("draft.discard", "draft", id, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return db.GetDraft(ctx, id)
}

// ConfirmDraft registers the office's checked document, records the original file's hash on it and
// creates its tasks, all in one transaction with the draft marked confirmed: a bad task leaves
// nothing registered, and its error names the field as "tasks[i].field".
func (db *DB) ConfirmDraft(ctx context.Context, id, version int64, c dondoc.DraftConfirmation) (*dondoc.Document, error) {
	in, err := db.prepareDocument(ctx, c.Document)
	if err != nil {
		return nil, prefixField(err, "document")
	}
	var docID int64
	err = db.inTx(ctx, func(tx *Tx) error {
		d, err := tx.pendingDraft(id, version)
		if err != nil {
			return err
		}
		if docID, err = tx.createDocument(in); err != nil {
			return prefixField(err, "document")
		}
		if _, err := tx.exec(`UPDATE documents SET source_sha256 = ? WHERE id = ?`, d.SHA256, docID); err != nil {
			return err
		}
		for i, t := range c.Tasks {
			t.DocumentID = &docID
			if _, err := tx.createTask(t, "document", nil); err != nil {
				return prefixField(err, "tasks["+itoa(i)+"]")
			}
		}
		if _, err := tx.exec(`UPDATE drafts SET status = ?, document_id = ? WHERE id = ?`, dondoc.DraftConfirmed, docID, id); err != nil {
			return err
		}
		return tx.audit("draft.confirm", "draft", id, nil, map[string]any{"document_id": docID, "tasks": len(c.Tasks)})
	})
	if err != nil {
		return nil, err
	}
	return db.GetDocument(ctx, docID)
}

// createDocument is CreateDocument's transaction body for an input prepareDocument has checked,
// so that a confirmed draft registers its document by the same functions and rules.
func (tx *Tx) createDocument(in dondoc.DocumentInput) (int64, error) {
	fields, err := tx.documentFields(in)
	if err != nil {
		return 0, err
	}
	same, err := tx.sameNumber(fields.norm, 0, in)
	if err != nil {
		return 0, err
	}
	if !in.Stub {
		if stub := dondoc.UpgradableStub(same, &in); stub != nil {
			before, err := tx.document(stub.ID)
			if err != nil {
				return 0, err
			}
			return stub.ID, tx.writeDocument(stub.ID, before, in, fields, "document.upgrade_stub")
		}
	}
	id, err := tx.insert(`INSERT INTO documents (doc_type, number_symbol, number_norm, number_parsed, issuer_unit_id, issuer,
		place, doc_date, received_on, subject, body, signing_auth, signer_title, signer_name, urgency, secrecy, stub,
		recipients, distribution, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Type, in.NumberSymbol, fields.norm, fields.parsed, in.IssuerUnitID, in.Issuer, in.Place, string(in.Date),
		string(in.ReceivedOn), in.Subject, in.Body, in.SigningAuth, in.SignerTitle, in.SignerName, in.Urgency, in.Secrecy,
		in.Stub, fields.recipients, fields.distribution, tx.now, tx.now)
	if err != nil {
		return 0, err
	}
	return id, tx.afterDocumentWrite(id, nil, in, fields, "document.create")
}
