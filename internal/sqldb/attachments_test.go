package sqldb_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// Small files that pass InspectFile: a PDF and a PNG by their magic bytes.
var (
	pdfBytes = []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
)

// attachmentRows counts every attachment row, to prove that a refused report wrote none.
func attachmentRows(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	if err := db.JobPool().QueryRow(`SELECT COUNT(*) FROM report_attachments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReportAttachments(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		db.Files = t.TempDir()
		w := newWF(t, db)
		task := sqldbtest.Task(t, db, w.p.Office, w.p.CommuneA, "Giải phóng mặt bằng", "2024-06-30")

		pdf, err := db.StoreFile(w.officerA, "Báo cáo.pdf", pdfBytes)
		if err != nil {
			t.Fatal(err)
		}
		if pdf.ContentType != "application/pdf" || pdf.Size != int64(len(pdfBytes)) || len(pdf.SHA256) != 64 {
			t.Fatalf("stored = %+v", pdf)
		}
		if again, err := db.StoreFile(w.officerA, "Báo cáo.pdf", pdfBytes); err != nil || again.SHA256 != pdf.SHA256 {
			t.Fatalf("second upload = %+v, %v", again, err)
		}
		png, err := db.StoreFile(w.officerA, "ảnh hiện trường.png", pngBytes)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.StoreFile(w.officerA, "virus.pdf", []byte("MZ\x90\x00\x03 this program cannot be run in DOS mode")); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Fatalf("an executable named .pdf: err = %v, want invalid", err)
		}

		// A file another user uploaded cannot be attached by knowing its hash, and a type that
		// differs from the upload is refused; either way no report and no attachment row remain.
		other, err := db.StoreFile(w.officerB, "khác.png", append(bytes.Clone(pngBytes), 1))
		if err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			name  string
			files []dondoc.AttachmentInput
			field string
		}{
			{"someone else's file", []dondoc.AttachmentInput{pdf.Input(), other.Input()}, "attachments[1].sha256"},
			{"wrong size", []dondoc.AttachmentInput{pdf.Input(), {SHA256: png.SHA256, Name: "a.png", ContentType: "image/png", Size: 7}}, "attachments[1].sha256"},
			{"type against the name", []dondoc.AttachmentInput{{SHA256: pdf.SHA256, Name: "a.png", ContentType: "application/pdf", Size: pdf.Size}}, "attachments[0].content_type"},
			{"not NFC", []dondoc.AttachmentInput{{SHA256: pdf.SHA256, Name: "Ba\u0301o ca\u0301o.pdf", ContentType: "application/pdf", Size: pdf.Size}}, "attachments[0].name"},
			{"eleven files", make([]dondoc.AttachmentInput, 11), "attachments"},
		}
		for _, c := range bad {
			_, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "x", Percent: pct(10), Attachments: c.files})
			wantCode(t, c.name, err, dondoc.EInvalid, c.field)
		}
		if reps, err := db.ListReports(w.officerA, task.ID); err != nil || len(reps) != 0 {
			t.Fatalf("after refused submits: %d reports, %v", len(reps), err)
		}
		if n := attachmentRows(t, db); n != 0 {
			t.Fatalf("refused submits left %d attachment rows", n)
		}

		rep, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "Đã xong bước 1", Percent: pct(30),
			Attachments: []dondoc.AttachmentInput{pdf.Input(), png.Input()}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Attachments) != 2 || rep.Attachments[0].Name != "Báo cáo.pdf" || rep.Attachments[1].ContentType != "image/png" {
			t.Fatalf("submitted attachments = %+v", rep.Attachments)
		}
		plain, err := db.SubmitReport(w.officerA, task.ID, dondoc.ReportInput{Text: "Không kèm tệp", Percent: pct(35)})
		if err != nil {
			t.Fatal(err)
		}
		if plain.Attachments == nil || len(plain.Attachments) != 0 {
			t.Fatalf("report without files: attachments = %#v, want empty", plain.Attachments)
		}

		reps, err := db.ListReports(w.viewer, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) != 2 || len(reps[0].Attachments) != 2 || len(reps[1].Attachments) != 0 || reps[0].Attachments[1].Name != "ảnh hiện trường.png" {
			t.Fatalf("listed = %+v", reps)
		}

		aid := rep.Attachments[0].ID
		got, rc, err := db.OpenReportAttachment(w.viewer, rep.ID, aid)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(body, pdfBytes) || got.SHA256 != pdf.SHA256 {
			t.Fatalf("opened %q (%v), attachment %+v", body, err, got)
		}
		// Out of scope, or under another report, the attachment does not exist.
		cases := []struct {
			name      string
			ctx       context.Context
			reportID  int64
			wantFound bool
		}{
			{"lead unit's head", w.headA, rep.ID, true},
			{"other commune's officer", w.officerB, rep.ID, false},
			{"wrong report", w.viewer, plain.ID, false},
		}
		for _, c := range cases {
			_, err := db.ReportAttachment(c.ctx, c.reportID, aid)
			if c.wantFound && err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			if !c.wantFound {
				wantCode(t, c.name, err, dondoc.ENotFound, "")
			}
		}
	})
}
