package sqldb

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"dondoc"
	"dondoc/internal/vntext"
)

// documentRow is the stored shape of a document. Recipients, distribution and the parsed number
// are JSON: they are read and written with the document as a whole and never queried apart.
type documentRow struct {
	ID           int64     `db:"id"`
	Type         string    `db:"doc_type"`
	NumberSymbol string    `db:"number_symbol"`
	NumberNorm   string    `db:"number_norm"`
	NumberParsed string    `db:"number_parsed"`
	IssuerUnitID *int64    `db:"issuer_unit_id"`
	Issuer       string    `db:"issuer"`
	Place        string    `db:"place"`
	Date         string    `db:"doc_date"`
	ReceivedOn   string    `db:"received_on"`
	Subject      string    `db:"subject"`
	Body         string    `db:"body"`
	SigningAuth  string    `db:"signing_auth"`
	SignerTitle  string    `db:"signer_title"`
	SignerName   string    `db:"signer_name"`
	Urgency      string    `db:"urgency"`
	Secrecy      string    `db:"secrecy"`
	Stub         bool      `db:"stub"`
	SourceSHA256 string    `db:"source_sha256"`
	Recipients   string    `db:"recipients"`
	Distribution string    `db:"distribution"`
	Version      int64     `db:"version"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

// documentColumns reads a whole document; documentListColumns leaves the body out, because a
// body may be a megabyte and lists and look-ups by number do not show it.
const (
	documentColumns = `d.id, d.doc_type, d.number_symbol, d.number_norm, d.number_parsed, d.issuer_unit_id, d.issuer,
	d.place, d.doc_date, d.received_on, d.subject, d.body, d.signing_auth, d.signer_title, d.signer_name, d.urgency,
	d.secrecy, d.stub, d.source_sha256, d.recipients, d.distribution, d.version, d.created_at, d.updated_at`
	documentListColumns = `d.id, d.doc_type, d.number_symbol, d.number_norm, d.number_parsed, d.issuer_unit_id, d.issuer,
	d.place, d.doc_date, d.received_on, d.subject, '' AS body, d.signing_auth, d.signer_title, d.signer_name, d.urgency,
	d.secrecy, d.stub, d.source_sha256, d.recipients, d.distribution, d.version, d.created_at, d.updated_at`
)

func (r *documentRow) document() (dondoc.Document, error) {
	d := dondoc.Document{
		ID: r.ID, Type: r.Type, NumberSymbol: r.NumberSymbol, IssuerUnitID: r.IssuerUnitID, Issuer: r.Issuer,
		Place: r.Place, Date: dondoc.Date(r.Date), ReceivedOn: dondoc.Date(r.ReceivedOn), Subject: r.Subject,
		Body: r.Body, SigningAuth: r.SigningAuth, SignerTitle: r.SignerTitle, SignerName: r.SignerName,
		Urgency: r.Urgency, Secrecy: r.Secrecy, Stub: r.Stub, SourceSHA256: r.SourceSHA256, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Recipients: []dondoc.Recipient{}, References: []dondoc.Reference{}, Distribution: []dondoc.Distribution{},
	}
	if r.NumberParsed != "" {
		d.Number = &dondoc.NumberSymbol{}
		if err := json.Unmarshal([]byte(r.NumberParsed), d.Number); err != nil {
			return d, err
		}
	}
	if r.Recipients != "" {
		if err := json.Unmarshal([]byte(r.Recipients), &d.Recipients); err != nil {
			return d, err
		}
	}
	if r.Distribution != "" {
		if err := json.Unmarshal([]byte(r.Distribution), &d.Distribution); err != nil {
			return d, err
		}
	}
	// A stored JSON null reads as an empty list: lists are never null in the API.
	if d.Recipients == nil {
		d.Recipients = []dondoc.Recipient{}
	}
	if d.Distribution == nil {
		d.Distribution = []dondoc.Distribution{}
	}
	return d, nil
}

// documentScope limits documents to actors who may read them. Documents are addressed to many
// units, so the condition does not depend on the row; it still sits inside every query, so that no
// caller can forget it.
func documentScope(a *dondoc.Actor) string {
	if dondoc.CanReadDocuments(a) {
		return "1=1"
	}
	return "1=0"
}

// normalizedDocument returns a copy of in with every text in NFC and short fields trimmed, so that
// the same letters typed with different input methods are stored, compared and found alike. The
// slices are copied so that the caller's input is left as it was.
func normalizedDocument(in dondoc.DocumentInput) dondoc.DocumentInput {
	t := func(s string) string { return vntext.NFC(strings.TrimSpace(s)) }
	in.Type, in.NumberSymbol, in.Issuer, in.Place = t(in.Type), t(in.NumberSymbol), t(in.Issuer), t(in.Place)
	in.Subject, in.Body = t(in.Subject), vntext.NFC(in.Body)
	in.SigningAuth, in.SignerTitle, in.SignerName = t(in.SigningAuth), t(in.SignerTitle), t(in.SignerName)
	in.Urgency, in.Secrecy = t(in.Urgency), t(in.Secrecy)
	in.Recipients = append([]dondoc.Recipient{}, in.Recipients...)
	for i := range in.Recipients {
		in.Recipients[i].Text = t(in.Recipients[i].Text)
	}
	in.References = append([]dondoc.Reference{}, in.References...)
	for i := range in.References {
		in.References[i].NumberSymbol, in.References[i].Type = t(in.References[i].NumberSymbol), t(in.References[i].Type)
		in.References[i].DocumentID = nil
	}
	in.Distribution = append([]dondoc.Distribution{}, in.Distribution...)
	for i := range in.Distribution {
		in.Distribution[i].Text, in.Distribution[i].Note = t(in.Distribution[i].Text), t(in.Distribution[i].Note)
	}
	return in
}

// prepareDocument checks who may write documents, then normalises and validates the input, before
// any transaction starts.
func (db *DB) prepareDocument(ctx context.Context, in dondoc.DocumentInput) (dondoc.DocumentInput, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return in, err
	}
	if !dondoc.CanRegisterDocument(a) {
		return in, dondoc.Forbidden("Chỉ văn phòng hoặc lãnh đạo được vào sổ và sửa văn bản.",
			"Only the office or leaders may register and edit documents.")
	}
	in = normalizedDocument(in)
	if err := in.Validate(db.AllowSecret); err != nil {
		return in, err
	}
	if in.ReceivedOn == "" {
		in.ReceivedOn = in.Date
	}
	return in, nil
}

// CreateDocument registers a document with its references, its search index entry and an audit
// row, in one transaction. A full document whose number was registered earlier as a stub (from a
// citation) upgrades that stub in place, keeping its id so that references stay resolved.
func (db *DB) CreateDocument(ctx context.Context, in dondoc.DocumentInput) (*dondoc.Document, error) {
	in, err := db.prepareDocument(ctx, in)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.inTx(ctx, func(tx *Tx) error {
		fields, err := tx.documentFields(in)
		if err != nil {
			return err
		}
		same, err := tx.sameNumber(fields.norm, 0, in)
		if err != nil {
			return err
		}
		if !in.Stub {
			if stub := dondoc.UpgradableStub(same, &in); stub != nil {
				id = stub.ID
				// The audit row keeps the whole stub as it was, body included.
				before, err := tx.document(id)
				if err != nil {
					return err
				}
				return tx.writeDocument(id, before, in, fields, "document.upgrade_stub")
			}
		}
		id, err = tx.insert(`INSERT INTO documents (doc_type, number_symbol, number_norm, number_parsed, issuer_unit_id, issuer,
			place, doc_date, received_on, subject, body, signing_auth, signer_title, signer_name, urgency, secrecy, stub,
			recipients, distribution, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.Type, in.NumberSymbol, fields.norm, fields.parsed, in.IssuerUnitID, in.Issuer, in.Place, string(in.Date),
			string(in.ReceivedOn), in.Subject, in.Body, in.SigningAuth, in.SignerTitle, in.SignerName, in.Urgency, in.Secrecy,
			in.Stub, fields.recipients, fields.distribution, tx.now, tx.now)
		if err != nil {
			return err
		}
		return tx.afterDocumentWrite(id, nil, in, fields, "document.create")
	})
	if err != nil {
		return nil, err
	}
	return db.GetDocument(ctx, id)
}

// documentFields are the stored forms computed from an input.
type documentFields struct {
	norm, parsed, recipients, distribution string
	// system is the numbering system of the number-symbol, empty without one.
	system string
}

// documentFields checks the input against the database (issuer unit, recipients) and computes
// the stored forms of the number, recipients and distribution. Recipients naming a unit, group or
// person without a text get that object's name, so that a printed list reads as on paper.
func (tx *Tx) documentFields(in dondoc.DocumentInput) (documentFields, error) {
	var f documentFields
	if in.NumberSymbol != "" {
		ns, err := dondoc.ParseNumberSymbol(in.NumberSymbol)
		if err != nil {
			return f, err
		}
		b, err := json.Marshal(ns)
		if err != nil {
			return f, err
		}
		f.parsed, f.norm, f.system = string(b), vntext.NormalizeDocNumber(in.NumberSymbol), ns.System
	}
	if in.IssuerUnitID != nil {
		if _, err := tx.unitPath("issuer_unit_id", *in.IssuerUnitID); err != nil {
			return f, err
		}
	}
	for i := range in.Recipients {
		r := &in.Recipients[i]
		var q, vi, en string
		switch r.Kind {
		case dondoc.RecipientUnit:
			q, vi, en = `SELECT name FROM units WHERE id = ?`, "Đơn vị không tồn tại.", "Unknown unit."
		case dondoc.RecipientGroup:
			q, vi, en = `SELECT name FROM unit_groups WHERE id = ?`, "Nhóm đơn vị không tồn tại.", "Unknown unit group."
		case dondoc.RecipientPerson:
			q, vi, en = `SELECT full_name FROM people WHERE id = ?`, "Cán bộ không tồn tại.", "Unknown person."
		default:
			continue
		}
		var name string
		if err := tx.get("recipient", &name, q, r.RefID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				return f, dondoc.Invalid("recipients["+itoa(i)+"].ref_id", vi, en)
			}
			return f, err
		}
		if r.Text == "" {
			r.Text = name
		}
	}
	b, err := json.Marshal(in.Recipients)
	if err != nil {
		return f, err
	}
	f.recipients = string(b)
	b, err = json.Marshal(in.Distribution)
	if err != nil {
		return f, err
	}
	f.distribution = string(b)
	return f, nil
}

// sameNumber serialises registrations of one number key and returns the other documents that
// carry it, refusing the input as a conflict on number_symbol when it repeats one of them.
func (tx *Tx) sameNumber(norm string, exceptID int64, in dondoc.DocumentInput) ([]dondoc.Document, error) {
	if norm == "" {
		return nil, nil
	}
	if err := tx.lockNumber(norm); err != nil {
		return nil, err
	}
	var rows []documentRow
	if err := tx.Select(&rows, tx.Rebind(`SELECT `+documentListColumns+` FROM documents d WHERE d.number_norm = ? AND d.id <> ? ORDER BY d.id`),
		norm, exceptID); err != nil {
		return nil, err
	}
	docs := make([]dondoc.Document, len(rows))
	for i := range rows {
		d, err := rows[i].document()
		if err != nil {
			return nil, err
		}
		if dondoc.DuplicateOf(&d, &in) {
			return nil, dondoc.Errorf(dondoc.EConflict, "number_symbol",
				"Văn bản số "+d.NumberSymbol+" của "+d.Issuer+" ngày "+d.Date.Format()+" đã được vào sổ.",
				"Document "+d.NumberSymbol+" of "+d.Issuer+" dated "+string(d.Date)+" is already registered.")
		}
		docs[i] = d
	}
	return docs, nil
}

// lockNumber makes concurrent registrations of the same number key wait for each other, so that
// two clerks cannot both pass the duplicate check: no unique index can express "same number,
// issuer, type and year". The upsert of a lock row serialises them on PostgreSQL, where the second
// transaction waits for the first's row lock; SQLite runs one writer at a time anyway, and the same
// statement serves both.
func (tx *Tx) lockNumber(norm string) error {
	_, err := tx.exec(`INSERT INTO document_number_locks (number_key, touched_at) VALUES (?, ?)
		ON CONFLICT (number_key) DO UPDATE SET touched_at = excluded.touched_at`, norm, tx.now)
	return err
}

// writeDocument overwrites the stored document id with in, as an edit or as the upgrade of a
// stub, after bumping the version the caller checked.
func (tx *Tx) writeDocument(id int64, before *dondoc.Document, in dondoc.DocumentInput, f documentFields, action string) error {
	if err := tx.bumpVersion("documents", id, before.Version); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE documents SET doc_type = ?, number_symbol = ?, number_norm = ?, number_parsed = ?,
		issuer_unit_id = ?, issuer = ?, place = ?, doc_date = ?, received_on = ?, subject = ?, body = ?, signing_auth = ?,
		signer_title = ?, signer_name = ?, urgency = ?, secrecy = ?, stub = ?, recipients = ?, distribution = ?, updated_at = ?
		WHERE id = ?`,
		in.Type, in.NumberSymbol, f.norm, f.parsed, in.IssuerUnitID, in.Issuer, in.Place, string(in.Date), string(in.ReceivedOn),
		in.Subject, in.Body, in.SigningAuth, in.SignerTitle, in.SignerName, in.Urgency, in.Secrecy, in.Stub, f.recipients,
		f.distribution, tx.now, id); err != nil {
		return err
	}
	// References resolved to this document under its old number or date are re-resolved below,
	// together with those waiting for its new number.
	if _, err := tx.exec(`UPDATE document_refs SET ref_document_id = NULL WHERE ref_document_id = ?`, id); err != nil {
		return err
	}
	var oldNorm string
	if before.NumberSymbol != "" {
		oldNorm = vntext.NormalizeDocNumber(before.NumberSymbol)
	}
	return tx.afterDocumentWrite(id, before, in, f, action, oldNorm)
}

// afterDocumentWrite stores the document's references, resolves references in both directions,
// indexes the text for search and writes the audit row.
func (tx *Tx) afterDocumentWrite(id int64, before *dondoc.Document, in dondoc.DocumentInput, f documentFields, action string, moreNorms ...string) error {
	// The filter columns are written here, where every insert and edit passes (the ingester's
	// included), rather than in each statement that writes a document.
	if _, err := tx.exec(`UPDATE documents SET number_system = ?, issuer_folded = ? WHERE id = ?`, f.system, vntext.Fold(in.Issuer), id); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM document_refs WHERE document_id = ?`, id); err != nil {
		return err
	}
	for _, r := range in.References {
		refType := r.Type
		if refType == "" {
			// Validate parsed every reference already; the type follows from the abbreviation.
			if ns, err := dondoc.ParseNumberSymbol(r.NumberSymbol); err == nil {
				refType = ns.Type
			}
		}
		if _, err := tx.exec(`INSERT INTO document_refs (document_id, number_symbol, number_norm, ref_type, ref_date) VALUES (?, ?, ?, ?, ?)`,
			id, r.NumberSymbol, vntext.NormalizeDocNumber(r.NumberSymbol), refType, string(r.Date)); err != nil {
			return err
		}
	}
	if err := tx.resolveReferences(id, append(moreNorms, f.norm)...); err != nil {
		return err
	}
	if err := tx.index("document", id, in.NumberSymbol, in.Subject, in.Issuer, in.Body); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = before
	}
	return tx.audit(action, "document", id, b, in)
}

// resolveReferences links references to registered documents: the references of document id, and
// the references elsewhere that cite one of norms and are unresolved or resolved only to a stub.
// A reference resolves to a document with its number key, of the same year when the reference is
// dated (State documents are numbered anew each year), preferring a full document to a stub, then
// the exact date, then the earliest registered.
func (tx *Tx) resolveReferences(id int64, norms ...string) error {
	where := []string{"document_id = ?"}
	args := []any{true, id}
	for _, n := range norms {
		if n != "" {
			where = append(where, "number_norm = ?")
			args = append(args, n)
		}
	}
	_, err := tx.exec(`UPDATE document_refs SET ref_document_id = (
			SELECT d.id FROM documents d
			WHERE d.number_norm = document_refs.number_norm AND d.id <> document_refs.document_id
				AND (document_refs.ref_date = '' OR substr(d.doc_date, 1, 4) = substr(document_refs.ref_date, 1, 4))
			ORDER BY d.stub, CASE WHEN d.doc_date = document_refs.ref_date THEN 0 ELSE 1 END, d.id
			LIMIT 1)
		WHERE (ref_document_id IS NULL OR ref_document_id IN (SELECT id FROM documents WHERE stub = ?))
			AND (`+strings.Join(where, " OR ")+`)`, args...)
	return err
}

// document loads a whole document inside a write transaction, within the actor's read scope, so
// that a document the actor may not read is not found rather than forbidden.
func (tx *Tx) document(id int64) (*dondoc.Document, error) {
	var r documentRow
	if err := tx.get("document", &r, `SELECT `+documentColumns+` FROM documents d WHERE d.id = ? AND `+documentScope(tx.actor), id); err != nil {
		return nil, err
	}
	d, err := r.document()
	return &d, err
}

// GetDocument returns a document with its recipients, references (with the documents they
// resolved to), distribution and parsed number.
func (db *DB) GetDocument(ctx context.Context, id int64) (*dondoc.Document, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	var r documentRow
	if err := db.get(ctx, "document", &r, `SELECT `+documentColumns+` FROM documents d WHERE d.id = ? AND `+documentScope(a), id); err != nil {
		return nil, err
	}
	d, err := r.document()
	if err != nil {
		return nil, dondoc.Internal(err)
	}
	if err := db.loadReferences(ctx, []*dondoc.Document{&d}); err != nil {
		return nil, err
	}
	return &d, nil
}

// DocumentByNumber finds the document registered under a number-symbol written any way officials
// write it, for callers such as the ingester that meet numbers in text. When several carry the
// number, a full document wins over a stub, then the newest.
func (db *DB) DocumentByNumber(ctx context.Context, numberSymbol string) (*dondoc.Document, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	norm := vntext.NormalizeDocNumber(vntext.NFC(numberSymbol))
	if norm == "" {
		return nil, dondoc.NotFound("document")
	}
	var id int64
	if err := db.get(ctx, "document", &id, `SELECT d.id FROM documents d WHERE d.number_norm = ? AND `+documentScope(a)+`
		ORDER BY d.stub, d.doc_date DESC, d.id DESC LIMIT 1`, norm); err != nil {
		return nil, err
	}
	return db.GetDocument(ctx, id)
}

// UpdateDocument edits a document on the version the client saw, re-resolving references and
// re-indexing its text. A stub becomes a full document this way; a full document cannot go back
// to being a stub, which would hide what was registered.
func (db *DB) UpdateDocument(ctx context.Context, id, version int64, in dondoc.DocumentInput) (*dondoc.Document, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanReadDocuments(a) {
		return nil, dondoc.NotFound("document")
	}
	in, err = db.prepareDocument(ctx, in)
	if err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		before, err := tx.document(id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return dondoc.Stale()
		}
		if in.Stub && !before.Stub {
			return dondoc.Invalid("stub", "Văn bản đã vào sổ đầy đủ không thể trở lại thành văn bản dẫn chiếu.",
				"A fully registered document cannot become a stub again.")
		}
		fields, err := tx.documentFields(in)
		if err != nil {
			return err
		}
		if _, err := tx.sameNumber(fields.norm, id, in); err != nil {
			return err
		}
		action := "document.update"
		if before.Stub && !in.Stub {
			action = "document.upgrade_stub"
		}
		return tx.writeDocument(id, before, in, fields, action)
	})
	if err != nil {
		return nil, err
	}
	return db.GetDocument(ctx, id)
}

// ListDocuments lists documents newest first (by date, then id), filtered, one keyset page at a
// time. Items leave out the body; GetDocument returns it.
func (db *DB) ListDocuments(ctx context.Context, f dondoc.DocumentFilter) (*dondoc.Page[dondoc.Document], error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	f.Q, f.Type, f.Number = vntext.NFC(f.Q), vntext.NFC(strings.TrimSpace(f.Type)), vntext.NFC(f.Number)
	f.Issuer = vntext.NFC(strings.TrimSpace(f.Issuer))
	if err := f.Validate(); err != nil {
		return nil, err
	}
	limit := dondoc.PageSize(f.Limit)
	where := []string{documentScope(a)}
	var args []any
	if f.Type != "" {
		where = append(where, "d.doc_type = ?")
		args = append(args, f.Type)
	}
	if strings.TrimSpace(f.Number) != "" {
		norm := vntext.NormalizeDocNumber(f.Number)
		if norm == "" {
			return nil, dondoc.Invalid("number", "Số, ký hiệu không hợp lệ.", "Invalid number_symbol.")
		}
		where = append(where, "d.number_norm = ?")
		args = append(args, norm)
	}
	if f.From != "" {
		where = append(where, "d.doc_date >= ?")
		args = append(args, string(f.From))
	}
	if f.To != "" {
		where = append(where, "d.doc_date <= ?")
		args = append(args, string(f.To))
	}
	if f.Year != 0 {
		// A range on doc_date, not substr(doc_date, 1, 4), so that the date index serves it.
		where = append(where, "d.doc_date >= ? AND d.doc_date <= ?")
		y := strconv.Itoa(f.Year)
		args = append(args, y+"-01-01", y+"-12-31")
	}
	if f.System != "" {
		where = append(where, "d.number_system = ?")
		args = append(args, f.System)
	}
	if issuer := vntext.Fold(f.Issuer); issuer != "" {
		// Folding turns LIKE's wildcards into spaces, so the folded words need no escaping.
		where = append(where, "d.issuer_folded LIKE ?")
		args = append(args, "%"+issuer+"%")
	}
	if f.OpenTasks {
		// Open tasks the actor may see: a document whose only open task is elsewhere is not one
		// the actor follows up. The (document_id, status) index finds them per document.
		scope, scopeArgs := taskRowScope(a)
		where = append(where, `EXISTS (SELECT 1 FROM tasks t WHERE t.document_id = d.id
			AND t.status IN ('assigned','in_progress','completion_requested') AND `+scope+`)`)
		args = append(args, scopeArgs...)
	}
	if f.Cites > 0 {
		where = append(where, "d.id IN (SELECT r.document_id FROM document_refs r WHERE r.ref_document_id = ?)")
		args = append(args, f.Cites)
	}
	if c, cargs, ok := db.searchCondition("d.id", "document", f.Q); ok {
		where = append(where, c)
		args = append(args, cargs...)
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		where = append(where, "(d.doc_date < ? OR (d.doc_date = ? AND d.id < ?))")
		args = append(args, key, key, id)
	}
	args = append(args, limit+1)
	var rows []documentRow
	if err := db.sel(ctx, &rows, `SELECT `+documentListColumns+` FROM documents d WHERE `+strings.Join(where, " AND ")+`
		ORDER BY d.doc_date DESC, d.id DESC LIMIT ?`, args...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.Document]{Items: make([]dondoc.Document, 0, len(rows))}
	if len(rows) > limit {
		last := rows[limit-1]
		page.NextCursor = encodeCursor(last.Date, last.ID)
		rows = rows[:limit]
	}
	for i := range rows {
		d, err := rows[i].document()
		if err != nil {
			return nil, dondoc.Internal(err)
		}
		page.Items = append(page.Items, d)
	}
	ptrs := make([]*dondoc.Document, len(page.Items))
	for i := range page.Items {
		ptrs[i] = &page.Items[i]
	}
	if err := db.loadReferences(ctx, ptrs); err != nil {
		return nil, err
	}
	return page, nil
}

// backfillBatch is how many documents one statement of the issuer backfill reads.
const backfillBatch = 1000

// backfillDocumentFilters fills issuer_folded for documents registered before migration 00012
// added it: the fold is Go code (vntext.Fold), which SQL cannot run. It walks by id, so it ends
// even for an issuer that folds to nothing, and costs one indexless scan when nothing is left.
func (db *DB) backfillDocumentFilters(ctx context.Context) error {
	var after int64
	for {
		var rows []struct {
			ID     int64  `db:"id"`
			Issuer string `db:"issuer"`
		}
		if err := db.write.SelectContext(ctx, &rows, db.write.Rebind(`SELECT id, issuer FROM documents
			WHERE id > ? AND issuer_folded = '' AND issuer <> '' ORDER BY id LIMIT ?`), after, backfillBatch); err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		tx, err := db.write.BeginTxx(ctx, nil)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE documents SET issuer_folded = ? WHERE id = ?`), vntext.Fold(r.Issuer), r.ID); err != nil {
				_ = tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		after = rows[len(rows)-1].ID
	}
}

// loadReferences fills the references of documents with one query.
func (db *DB) loadReferences(ctx context.Context, docs []*dondoc.Document) error {
	if len(docs) == 0 {
		return nil
	}
	ids := make([]int64, len(docs))
	byID := make(map[int64]*dondoc.Document, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
		byID[d.ID] = d
	}
	q, args, err := sqlx.In(`SELECT document_id, number_symbol, ref_type, ref_date, ref_document_id FROM document_refs
		WHERE document_id IN (?) ORDER BY document_id, id`, ids)
	if err != nil {
		return err
	}
	var rows []struct {
		DocumentID    int64  `db:"document_id"`
		NumberSymbol  string `db:"number_symbol"`
		Type          string `db:"ref_type"`
		Date          string `db:"ref_date"`
		RefDocumentID *int64 `db:"ref_document_id"`
	}
	if err := db.sel(ctx, &rows, q, args...); err != nil {
		return err
	}
	for _, r := range rows {
		d := byID[r.DocumentID]
		d.References = append(d.References, dondoc.Reference{NumberSymbol: r.NumberSymbol, Type: r.Type,
			Date: dondoc.Date(r.Date), DocumentID: r.RefDocumentID})
	}
	return nil
}
