package sqldb_test

import (
	"encoding/json"
	"strings"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

func draftProposal(p *sqldbtest.Province, leads ...int64) dondoc.DraftConfirmation {
	doc := seedDispatch(p)
	var tasks []dondoc.TaskInput
	for i, lead := range leads {
		tasks = append(tasks, dondoc.TaskInput{Title: "Nhiệm vụ " + string(rune('A'+i)), LeadUnitID: lead,
			AssignerUnitID: p.Root.ID, Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: "2024-12-31"}})
	}
	return dondoc.DraftConfirmation{Document: doc, Tasks: tasks}
}

// encode is the proposal as the ingest service stores it: JSON the storage keeps unread.
func encode(t *testing.T, c dondoc.DraftConfirmation) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// proposedTasks reads the tasks back out of a stored proposal.
func proposedTasks(t *testing.T, d *dondoc.Draft) []dondoc.TaskInput {
	t.Helper()
	var c dondoc.DraftConfirmation
	if err := json.Unmarshal(d.Proposal, &c); err != nil {
		t.Fatal(err)
	}
	return c.Tasks
}

func TestDraftConfirm(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ctx := sqldbtest.As(0, dondoc.RoleOffice, p.Root)
		sha := strings.Repeat("ab", 32)
		prop := draftProposal(p, p.Department.ID, p.DistrictA.ID)
		d, err := db.CreateDraft(ctx, sha, "cv.txt", encode(t, prop))
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != dondoc.DraftPending || d.Version != 1 || d.SHA256 != sha || len(proposedTasks(t, d)) != 2 {
			t.Fatalf("draft = %+v", d)
		}
		if _, err := db.CreateDraft(ctx, sha, "again.txt", encode(t, prop)); !dondoc.IsCode(err, dondoc.EConflict) || fieldOf(err) != "file" ||
			!strings.Contains(err.(*dondoc.Error).Message, "bản nháp") {
			t.Errorf("second upload of a pending file: %v", err)
		}

		// A bad task refuses the whole confirmation and registers nothing.
		bad := dondoc.DraftConfirmation{Document: prop.Document, Tasks: append([]dondoc.TaskInput(nil), prop.Tasks...)}
		bad.Tasks[1].LeadUnitID = 999999
		if _, err := db.ConfirmDraft(ctx, d.ID, d.Version, bad); !dondoc.IsCode(err, dondoc.EInvalid) || fieldOf(err) != "tasks[1].lead_unit_id" {
			t.Fatalf("confirm with a bad task: %v (field %q)", err, fieldOf(err))
		}
		docs, err := db.ListDocuments(ctx, dondoc.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(docs.Items) != 0 {
			t.Fatalf("a failed confirmation registered %d documents", len(docs.Items))
		}
		if again, err := db.GetDraft(ctx, d.ID); err != nil || again.Status != dondoc.DraftPending || again.Version != d.Version {
			t.Fatalf("draft after a failed confirmation = %+v, %v", again, err)
		}
		if _, err := db.ConfirmDraft(ctx, d.ID, d.Version+1, dondoc.DraftConfirmation{Document: prop.Document, Tasks: prop.Tasks}); !dondoc.IsCode(err, dondoc.EStale) {
			t.Errorf("confirm an old version: %v", err)
		}

		doc, err := db.ConfirmDraft(ctx, d.ID, d.Version, dondoc.DraftConfirmation{Document: prop.Document, Tasks: prop.Tasks})
		if err != nil {
			t.Fatal(err)
		}
		if doc.SourceSHA256 != sha || doc.Subject != prop.Document.Subject {
			t.Errorf("document = sha %q subject %q", doc.SourceSHA256, doc.Subject)
		}
		tasks, err := db.ListTasks(ctx, dondoc.TaskFilter{DocumentID: doc.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks.Items) != 2 {
			t.Errorf("%d tasks registered, want 2", len(tasks.Items))
		}
		d, err = db.GetDraft(ctx, d.ID)
		if err != nil || d.Status != dondoc.DraftConfirmed || d.DocumentID == nil || *d.DocumentID != doc.ID {
			t.Errorf("draft after confirmation = %+v, %v", d, err)
		}
		if _, err := db.ConfirmDraft(ctx, d.ID, d.Version, dondoc.DraftConfirmation{Document: prop.Document}); !dondoc.IsCode(err, dondoc.EConflict) {
			t.Errorf("second confirmation: %v", err)
		}
		if _, err := db.CreateDraft(ctx, sha, "cv.txt", encode(t, prop)); !dondoc.IsCode(err, dondoc.EConflict) || fieldOf(err) != "file" ||
			!strings.Contains(err.(*dondoc.Error).MessageEN, "document") {
			t.Errorf("upload of a registered file: %v", err)
		}
	})
}

func TestDraftDiscard(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ctx := sqldbtest.As(0, dondoc.RoleLeader, p.Root)
		sha := strings.Repeat("cd", 32)
		d, err := db.CreateDraft(ctx, sha, "cv.txt", encode(t, draftProposal(p)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DiscardDraft(ctx, d.ID, d.Version+1); !dondoc.IsCode(err, dondoc.EStale) {
			t.Errorf("discard an old version: %v", err)
		}
		d, err = db.DiscardDraft(ctx, d.ID, d.Version)
		if err != nil || d.Status != dondoc.DraftDiscarded {
			t.Fatalf("discard = %+v, %v", d, err)
		}
		// The same file may be uploaded again once its draft is discarded.
		again, err := db.CreateDraft(ctx, sha, "cv2.txt", encode(t, draftProposal(p)))
		if err != nil || again.ID != d.ID || again.Status != dondoc.DraftPending || again.Filename != "cv2.txt" || again.Version <= d.Version {
			t.Errorf("upload after discard = %+v, %v", again, err)
		}

		viewer := sqldbtest.As(0, dondoc.RoleViewer, p.Root)
		if _, err := db.GetDraft(viewer, d.ID); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("viewer reads a draft: %v", err)
		}
		if _, err := db.CreateDraft(viewer, strings.Repeat("ef", 32), "x.txt", encode(t, draftProposal(p))); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("viewer uploads: %v", err)
		}
		if _, err := db.GetDraft(ctx, 424242); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("unknown draft: %v", err)
		}
	})
}

func fieldOf(err error) string {
	if de, ok := err.(*dondoc.Error); ok {
		return de.Field
	}
	return ""
}
