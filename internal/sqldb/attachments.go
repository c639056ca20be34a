package sqldb

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"dondoc"
	"dondoc/internal/filestore"
)

// attachmentRow is the stored shape of a report's attachment.
type attachmentRow struct {
	ID          int64     `db:"id"`
	ReportID    int64     `db:"report_id"`
	Name        string    `db:"name"`
	ContentType string    `db:"content_type"`
	Size        int64     `db:"size"`
	SHA256      string    `db:"sha256"`
	CreatedAt   time.Time `db:"created_at"`
}

const attachmentColumns = `a.id, a.report_id, a.name, a.content_type, a.size, a.sha256, a.created_at`

func (r *attachmentRow) attachment() dondoc.Attachment {
	return dondoc.Attachment{ID: r.ID, ReportID: r.ReportID, Name: r.Name, ContentType: r.ContentType, Size: r.Size,
		SHA256: r.SHA256, CreatedAt: r.CreatedAt.UTC()}
}

// files is the content-addressed store that holds uploaded files.
func (db *DB) files() *filestore.Store { return &filestore.Store{Dir: db.Files} }

// StoreFile checks an uploaded file (dondoc.InspectFile), writes it durably to the file store and
// records that the caller uploaded it, which is what later lets the caller attach it to a report.
// Uploading the same file twice records it once. Only a user account may upload.
func (db *DB) StoreFile(ctx context.Context, name string, data []byte) (*dondoc.StoredFile, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if a.UserID == 0 {
		return nil, dondoc.Forbidden("Thao tác này phải do một tài khoản người dùng thực hiện.", "This action must be taken by a user account.")
	}
	f, err := dondoc.InspectFile(name, data)
	if err != nil {
		return nil, err
	}
	// The bytes are on disk, synced, before the row that vouches for them is committed.
	if _, err := db.files().Put(data); err != nil {
		return nil, dondoc.Internal(err)
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		uid, err := tx.requireUser()
		if err != nil {
			return err
		}
		_, err = tx.exec(`INSERT INTO file_uploads (uploaded_by, sha256, content_type, size, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (uploaded_by, sha256) DO NOTHING`, uid, f.SHA256, f.ContentType, f.Size, tx.now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// insertAttachments writes a new report's attachments in the report's transaction. Each must be a
// file the submitter uploaded, with the type and size the upload recorded.
func (tx *Tx) insertAttachments(reportID, uid int64, in []dondoc.AttachmentInput) error {
	for i, a := range in {
		var up struct {
			ContentType string `db:"content_type"`
			Size        int64  `db:"size"`
		}
		field := fmt.Sprintf("attachments[%d].sha256", i)
		err := tx.get("file", &up, `SELECT content_type, size FROM file_uploads WHERE uploaded_by = ? AND sha256 = ?`, uid, a.SHA256)
		if dondoc.IsCode(err, dondoc.ENotFound) {
			return dondoc.Invalid(field, fmt.Sprintf("Tệp “%s” chưa được tải lên; hãy tải tệp lên trước khi gửi báo cáo.", a.Name),
				fmt.Sprintf("The file “%s” has not been uploaded; upload it before sending the report.", a.Name))
		}
		if err != nil {
			return err
		}
		if up.ContentType != a.ContentType || up.Size != a.Size {
			return dondoc.Invalid(field, fmt.Sprintf("Tệp “%s”: loại hoặc kích thước khác với tệp đã tải lên.", a.Name),
				fmt.Sprintf("The file “%s”: its type or size differs from the uploaded file.", a.Name))
		}
		if _, err := tx.exec(`INSERT INTO report_attachments (report_id, position, name, content_type, size, sha256, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, reportID, i, a.Name, a.ContentType, a.Size, a.SHA256, tx.now); err != nil {
			return err
		}
	}
	return nil
}

// loadAttachments fills the attachments of reports with one query over the reports that cond
// selects (an alias r for progress_reports); reports without files get an empty list.
func (db *DB) loadAttachments(ctx context.Context, reports []dondoc.ProgressReport, cond string, args ...any) error {
	byID := make(map[int64]*dondoc.ProgressReport, len(reports))
	for i := range reports {
		reports[i].Attachments = []dondoc.Attachment{}
		byID[reports[i].ID] = &reports[i]
	}
	if len(reports) == 0 {
		return nil
	}
	var rows []attachmentRow
	if err := db.sel(ctx, &rows, `SELECT `+attachmentColumns+` FROM report_attachments a JOIN progress_reports r ON r.id = a.report_id
		WHERE `+cond+` ORDER BY a.report_id, a.position`, args...); err != nil {
		return err
	}
	for i := range rows {
		if p := byID[rows[i].ReportID]; p != nil {
			p.Attachments = append(p.Attachments, rows[i].attachment())
		}
	}
	return nil
}

// ReportAttachment returns one attachment of a report whose task lies in the caller's scope; an
// attachment of another report, or of a task the caller may not read, is not found.
func (db *DB) ReportAttachment(ctx context.Context, reportID, attachmentID int64) (*dondoc.Attachment, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := taskRowScope(a)
	var row attachmentRow
	if err := db.get(ctx, "attachment", &row, `SELECT `+attachmentColumns+` FROM report_attachments a
		JOIN progress_reports r ON r.id = a.report_id JOIN tasks t ON t.id = r.task_id
		WHERE a.id = ? AND a.report_id = ? AND `+cond, append([]any{attachmentID, reportID}, args...)...); err != nil {
		return nil, err
	}
	att := row.attachment()
	return &att, nil
}

// OpenReportAttachment is ReportAttachment with the file opened for reading; the caller closes it.
// A file missing from the store is an internal error: the database vouches that it is there.
func (db *DB) OpenReportAttachment(ctx context.Context, reportID, attachmentID int64) (*dondoc.Attachment, io.ReadSeekCloser, error) {
	att, err := db.ReportAttachment(ctx, reportID, attachmentID)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(db.files().Path(att.SHA256))
	if err != nil {
		return nil, nil, dondoc.Internal(err)
	}
	return att, f, nil
}
