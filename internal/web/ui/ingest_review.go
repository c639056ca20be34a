package ui

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/docparse"
	"dondoc/internal/ingest"
	"dondoc/internal/web/httpstatus"
)

// draftView is the review of an uploaded file: the source text with the evidence marked on one
// side, and on the other the extracted document fields and proposed tasks, editable, each linked
// to its mark.
type draftView struct {
	Draft    *dondoc.Draft
	Source   template.HTML
	Fields   []draftField
	Signer   draftEvidence
	Assign   bool
	Tasks    []draftTask
	Units    []draftUnit
	IssuerID int64
	// IssuerErr is the message next to the issuing-unit select.
	IssuerErr string
	// Error is a message about the whole draft; Invalid counts the fields with a message.
	Error   string
	Invalid int
	// FirstInvalid is the id of the first field with a message, which the summary links to.
	FirstInvalid string
}

// draftField is one editable field of the document with the evidence it came from.
type draftField struct {
	Name, Label, Value string
	Long               bool
	Error              string
	draftEvidence
}

// draftEvidence points a field at its mark in the source and says how sure the reader was.
type draftEvidence struct {
	// Anchor is the id of the mark; empty when the reader found nothing.
	Anchor  string
	Printed string
	Low     bool
}

// draftTask is one proposed task as the form shows it.
type draftTask struct {
	// Index is the task's place in the proposal and N its number as people count, from 1.
	Index    int
	N        int
	Include  bool
	Clause   string
	Text     string
	Anchor   string
	Low      bool
	Title    string
	LeadID   int64
	Leads    []draftPhrase
	Coords   []string
	Cascade  int
	Phrase   draftPhrase
	Deadline string
	// Resolved is the due date the reader worked out from the phrase, dd/mm/yyyy.
	Resolved string
	// Recurring describes a recurring deadline kept when no date is typed.
	Recurring            string
	TitleErr, LeadErr    string
	DeadlineErr, General string
}

// draftPhrase is a phrase of the source (a unit, a deadline) with its mark.
type draftPhrase struct {
	Text, Anchor string
	Resolved     bool
}

// draftUnit is a unit offered in a select.
type draftUnit struct {
	ID   int64
	Name string
}

// recurrenceLabels describe the recurring deadlines dondoc chases.
var recurrenceLabels = map[string]string{
	"monthly": "hằng tháng", "quarterly": "hằng quý", "half_yearly": "sáu tháng một lần", "yearly": "hằng năm",
}

// draftID parses the draft number of the path.
func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("draft"), 10, 64)
	if err != nil || id <= 0 {
		return 0, dondoc.NotFound("draft")
	}
	return id, nil
}

// loadDraft reads a draft and its proposal.
func (u *UI) loadDraft(ctx context.Context, r *http.Request) (*dondoc.Draft, *ingest.Proposal, error) {
	id, err := draftID(r)
	if err != nil {
		return nil, nil, err
	}
	d, err := u.s.Ingest.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var p ingest.Proposal
	if err := json.Unmarshal(d.Proposal, &p); err != nil {
		return nil, nil, dondoc.Internal(err)
	}
	if p.Parsed == nil {
		p.Parsed = &docparse.Draft{}
	}
	return d, &p, nil
}

// showDraft shows the review of a draft as the reader proposed it.
func (u *UI) showDraft(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := u.ingestAllowed(v); err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data, err := u.proposedDraft(r.Context(), r, v)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.renderDraft(w, r, http.StatusOK, v, data)
}

// proposedDraft reads the draft of the path with its review as the reader proposed it.
func (u *UI) proposedDraft(ctx context.Context, r *http.Request, v *viewer) (*draftView, error) {
	d, p, err := u.loadDraft(ctx, r)
	if err != nil {
		return nil, err
	}
	return u.draftData(ctx, v, d, p, proposedForm(p))
}

func (u *UI) renderDraft(w http.ResponseWriter, r *http.Request, status int, v *viewer, data *draftView) {
	u.render(w, r, status, viewFor("ingest-review", "Kiểm tra văn bản nhập", v, data))
}

// draftForm is what the review form holds: typed values, as strings, so that a bad value is shown
// back exactly as typed.
type draftForm struct {
	Values map[string]string
	Tasks  []draftTaskForm
	Assign bool
}

type draftTaskForm struct {
	Include               bool
	Title, Lead, Deadline string
}

// documentFields are the editable document fields of the review, in form order.
var documentFields = []struct{ name, label string }{
	{"number_symbol", "Số, ký hiệu"}, {"date", "Ngày ban hành"}, {"type", "Loại văn bản"},
	{"issuer", "Cơ quan ban hành"}, {"subject", "Trích yếu"},
}

// proposedForm fills the form with the reader's proposal.
func proposedForm(p *ingest.Proposal) draftForm {
	f := draftForm{Values: map[string]string{
		"number_symbol": p.Document.NumberSymbol, "date": p.Document.Date.Format(), "type": p.Document.Type,
		"issuer": p.Document.Issuer, "subject": p.Document.Subject,
	}, Assign: true}
	if p.Document.IssuerUnitID != nil {
		f.Values["issuer_unit_id"] = itoa(*p.Document.IssuerUnitID)
	}
	for _, t := range p.Tasks {
		tf := draftTaskForm{Include: true, Title: t.Title}
		if t.LeadUnitID != 0 {
			tf.Lead = itoa(t.LeadUnitID)
		}
		if t.Deadline.Kind == dondoc.DeadlineDate {
			tf.Deadline = t.Deadline.Date.Format()
		}
		f.Tasks = append(f.Tasks, tf)
	}
	return f
}

// postedForm reads the review form as submitted.
func postedForm(r *http.Request, p *ingest.Proposal) draftForm {
	f := draftForm{Values: map[string]string{}, Assign: r.PostForm.Get("assign") == "1"}
	for _, df := range documentFields {
		f.Values[df.name] = strings.TrimSpace(r.PostForm.Get(df.name))
	}
	f.Values["issuer_unit_id"] = strings.TrimSpace(r.PostForm.Get("issuer_unit_id"))
	for i := range p.Tasks {
		k := "task-" + strconv.Itoa(i) + "-"
		f.Tasks = append(f.Tasks, draftTaskForm{
			Include: r.PostForm.Get(k+"include") == "1", Title: strings.TrimSpace(r.PostForm.Get(k + "title")),
			Lead: strings.TrimSpace(r.PostForm.Get(k + "lead")), Deadline: strings.TrimSpace(r.PostForm.Get(k + "deadline")),
		})
	}
	return f
}

// draftData builds the review page from a draft, its proposal and the form's values.
func (u *UI) draftData(ctx context.Context, v *viewer, d *dondoc.Draft, p *ingest.Proposal, f draftForm) (*draftView, error) {
	pd := p.Parsed
	data := &draftView{Draft: d, Assign: f.Assign}
	var marks []sourceMark
	evidence := func(id string, fld *docparse.Field) draftEvidence {
		if fld == nil || fld.Span.End <= fld.Span.Start {
			return draftEvidence{}
		}
		marks = append(marks, sourceMark{ID: id, Class: "mark-field", Span: fld.Span})
		return draftEvidence{Anchor: id, Printed: fld.Text, Low: fld.Confidence < lowConfidence}
	}
	ev := map[string]draftEvidence{
		"type": evidence("src-type", pd.Type), "issuer": evidence("src-issuer", pd.Issuer), "subject": evidence("src-subject", pd.Subject),
	}
	if pd.NumberSymbol != nil {
		ev["number_symbol"] = evidence("src-number", &pd.NumberSymbol.Field)
	}
	if pd.Date != nil {
		ev["date"] = evidence("src-date", &docparse.Field{Text: pd.Date.Printed, Span: pd.Date.Span, Confidence: pd.Date.Confidence})
	}
	data.Signer = evidence("src-signer", pd.Signing.Name)
	for _, df := range documentFields {
		data.Fields = append(data.Fields, draftField{Name: df.name, Label: df.label, Value: f.Values[df.name],
			Long: df.name == "subject", draftEvidence: ev[df.name]})
	}
	data.IssuerID, _ = strconv.ParseInt(f.Values["issuer_unit_id"], 10, 64)
	selected := map[int64]bool{data.IssuerID: true}
	names := newUnitNames(u.s.Org, v.Lang)
	for i, t := range p.Tasks {
		tf := draftTaskForm{}
		if i < len(f.Tasks) {
			tf = f.Tasks[i]
		}
		dt := draftTask{Index: i, N: i + 1, Include: tf.Include, Clause: t.ClauseID, Text: t.Text, Title: tf.Title, Deadline: tf.Deadline,
			Cascade: len(t.CascadeTo)}
		dt.LeadID, _ = strconv.ParseInt(tf.Lead, 10, 64)
		selected[dt.LeadID] = true
		if t.Deadline.Kind == dondoc.DeadlineDate {
			dt.Resolved = t.Deadline.Date.Format()
		}
		if t.Deadline.Kind == dondoc.DeadlineRecurring {
			dt.Recurring = v.Lang.tr(recurrenceLabels[t.Deadline.Recurrence])
			if t.Deadline.DayOfPeriod > 0 {
				dt.Recurring += ", " + v.Lang.trf("ngày %s", strconv.Itoa(t.Deadline.DayOfPeriod))
			}
		}
		for _, c := range t.Coordinators {
			name, err := names.name(ctx, c.UnitID)
			if err != nil {
				return nil, err
			}
			dt.Coords = append(dt.Coords, name)
		}
		if i < len(pd.Tasks) {
			pt := pd.Tasks[i]
			id := "src-task-" + strconv.Itoa(i)
			marks = append(marks, sourceMark{ID: id, Class: "mark-task", Span: pt.Span})
			dt.Anchor, dt.Low = id, pt.Confidence < lowConfidence
			var res []docparse.Resolution
			if i < len(p.Units) {
				res = p.Units[i].Lead
			}
			for j, l := range pt.Lead {
				lid := id + "-lead-" + strconv.Itoa(j)
				marks = append(marks, sourceMark{ID: lid, Class: "mark-field", Span: l.Span})
				dt.Leads = append(dt.Leads, draftPhrase{Text: l.Text, Anchor: lid, Resolved: j < len(res) && res[j].Resolved})
			}
			if pt.Deadline != nil {
				did := id + "-deadline"
				marks = append(marks, sourceMark{ID: did, Class: "mark-field", Span: pt.Deadline.Span})
				dt.Phrase = draftPhrase{Text: pt.Deadline.Text, Anchor: did}
			}
		}
		data.Tasks = append(data.Tasks, dt)
	}
	data.Source = markSource(pd.Text, marks)
	units, err := u.unitOptions(ctx, selected)
	if err != nil {
		return nil, err
	}
	data.Units = units
	return data, nil
}

// unitOptions lists the units a task may be given to: every unit in the user's view except the
// communes, which provincial directives do not name one by one, and any unit already chosen.
func (u *UI) unitOptions(ctx context.Context, keep map[int64]bool) ([]draftUnit, error) {
	units, err := u.listUnits(ctx, dondoc.UnitFilter{})
	if err != nil {
		return nil, err
	}
	var out []draftUnit
	for _, unit := range units {
		if unit.Kind != dondoc.KindCommune || keep[unit.ID] {
			out = append(out, draftUnit{ID: unit.ID, Name: unit.Name})
		}
	}
	return out, nil
}

// dateRE matches a date as people type it, day first: 6/5/2024 or 06/05/2024.
var dateRE = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)

// parseTypedDate reads a date typed as dd/mm/yyyy (or yyyy-mm-dd); ok is false for anything else,
// including impossible dates.
func parseTypedDate(s string) (dondoc.Date, bool) {
	if m := dateRE.FindStringSubmatch(s); m != nil {
		s = m[3] + "-" + pad2(m[2]) + "-" + pad2(m[1])
	}
	d, err := dondoc.ParseDate(s)
	return d, err == nil
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// confirmDraft registers the checked document and tasks. Values that cannot be read are shown
// next to their fields before anything is sent; the service's refusal of a field is shown the
// same way; in every case the form keeps what was typed and nothing is registered.
func (u *UI) confirmDraft(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !u.draftPosted(w, r, v) {
		return
	}
	ctx := r.Context()
	d, p, err := u.loadDraft(ctx, r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	f := postedForm(r, p)
	c, idx, errs := buildConfirmation(p, f)
	version, verr := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if verr != nil || version <= 0 {
		errs = append(errs, dondoc.Invalid("", "Thiếu phiên bản của bản nháp; hãy tải lại trang.", "Missing draft version; reload the page."))
	}
	if len(errs) == 0 {
		doc, err := u.s.Ingest.Confirm(ctx, d.ID, version, c)
		if err == nil {
			http.Redirect(w, r, "/van-ban/"+itoa(doc.ID)+"?da-nhap=1", http.StatusSeeOther)
			return
		}
		if dondoc.ErrorCode(err) == dondoc.EInternal || dondoc.ErrorCode(err) == dondoc.ENotFound {
			u.renderError(w, r, v, err)
			return
		}
		errs = append(errs, mapConfirmField(err, idx))
	}
	if dondoc.IsCode(errs[0], dondoc.EStale) {
		// Someone confirmed or discarded the draft first: show it as it now is.
		if d, p, err = u.loadDraft(ctx, r); err != nil {
			u.renderError(w, r, v, err)
			return
		}
	}
	data, err := u.draftData(ctx, v, d, p, f)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data.Draft = d
	applyDraftErrors(v.Lang, data, errs)
	u.renderDraft(w, r, httpstatus.Of(errs[0]), v, data)
}

// buildConfirmation turns the proposal and the form into the confirmation to send, with the index
// in the proposal of each task sent. It returns every value it cannot read, field by field.
func buildConfirmation(p *ingest.Proposal, f draftForm) (dondoc.DraftConfirmation, []int, []error) {
	var errs []error
	doc := p.Document
	doc.NumberSymbol, doc.Type, doc.Issuer, doc.Subject = f.Values["number_symbol"], f.Values["type"], f.Values["issuer"], f.Values["subject"]
	switch date, ok := parseTypedDate(f.Values["date"]); {
	case f.Values["date"] == "":
		errs = append(errs, dondoc.Invalid("date", "Hãy nhập ngày ban hành (dd/mm/yyyy).", "Enter the date of the document (dd/mm/yyyy)."))
	case !ok:
		errs = append(errs, dondoc.Invalid("date", "Ngày ban hành phải có dạng dd/mm/yyyy, ví dụ 06/05/2024.", "The date must be dd/mm/yyyy, such as 06/05/2024."))
	default:
		doc.Date = date
	}
	doc.IssuerUnitID = nil
	var assigner int64
	if s := f.Values["issuer_unit_id"]; s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, dondoc.Invalid("issuer_unit_id", "Đơn vị ban hành không hợp lệ.", "Invalid issuing unit."))
		} else {
			assigner = id
			doc.IssuerUnitID = &id
		}
	}
	c := dondoc.DraftConfirmation{Document: doc}
	var idx []int
	for i, t := range p.Tasks {
		if i >= len(f.Tasks) || !f.Tasks[i].Include {
			continue
		}
		tf := f.Tasks[i]
		k := "task-" + strconv.Itoa(i) + "-"
		t.Title = tf.Title
		if tf.Title == "" {
			errs = append(errs, dondoc.Invalid(k+"title", "Hãy nhập tên nhiệm vụ.", "Enter the task's title."))
		}
		t.LeadUnitID = 0
		if tf.Lead == "" {
			errs = append(errs, dondoc.Invalid(k+"lead", "Hãy chọn đơn vị chủ trì.", "Choose the lead unit."))
		} else if id, err := strconv.ParseInt(tf.Lead, 10, 64); err != nil || id <= 0 {
			errs = append(errs, dondoc.Invalid(k+"lead", "Đơn vị chủ trì không hợp lệ.", "Invalid lead unit."))
		} else {
			t.LeadUnitID = id
		}
		if assigner == 0 && f.Values["issuer_unit_id"] == "" {
			errs = append(errs, dondoc.Invalid("issuer_unit_id", "Hãy chọn đơn vị ban hành, là cơ quan giao các nhiệm vụ.", "Choose the issuing unit, which assigns the tasks."))
		}
		t.AssignerUnitID = assigner
		coords := t.Coordinators[:0:0]
		for _, co := range t.Coordinators {
			if co.UnitID != t.LeadUnitID {
				coords = append(coords, co)
			}
		}
		t.Coordinators = coords
		phrase := t.Deadline.Phrase
		switch date, ok := parseTypedDate(tf.Deadline); {
		case tf.Deadline == "" && t.Deadline.Kind == dondoc.DeadlineRecurring:
		case tf.Deadline == "":
			t.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineNone, Phrase: phrase}
		case !ok:
			errs = append(errs, dondoc.Invalid(k+"deadline", "Thời hạn phải có dạng dd/mm/yyyy, hoặc để trống nếu không có.", "The deadline must be dd/mm/yyyy, or empty if there is none."))
		default:
			t.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: date, Phrase: phrase}
		}
		t.Assign = f.Assign
		c.Tasks = append(c.Tasks, t)
		idx = append(idx, i)
	}
	return c, idx, dedupErrors(errs)
}

// dedupErrors keeps the first error of each field.
func dedupErrors(errs []error) []error {
	seen := map[string]bool{}
	var out []error
	for _, err := range errs {
		f := fieldOf(err)
		if f != "" && seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, err)
	}
	return out
}

// taskFieldRE splits a service field such as "tasks[2].deadline.date".
var taskFieldRE = regexp.MustCompile(`^tasks\[(\d+)\]\.([a-z_]+)`)

// mapConfirmField renames the field of the service's error to the form field it came from: the
// document's fields lose their "document." prefix, and a task's fields name the task by its place
// in the proposal, since tasks left out are not sent.
func mapConfirmField(err error, idx []int) error {
	var e *dondoc.Error
	if !errors.As(err, &e) {
		return err
	}
	field := strings.TrimPrefix(e.Field, "document.")
	if m := taskFieldRE.FindStringSubmatch(e.Field); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < len(idx) {
			k := "task-" + strconv.Itoa(idx[n]) + "-"
			switch m[2] {
			case "title":
				field = k + "title"
			case "lead_unit_id", "coordinators", "cascade_to":
				field = k + "lead"
			case "deadline":
				field = k + "deadline"
			case "assigner_unit_id":
				field = "issuer_unit_id"
			default:
				field = k + "general"
			}
		}
	}
	out := *e
	out.Field = field
	return &out
}

// applyDraftErrors puts each error next to its field, or above the form when it names none.
func applyDraftErrors(l lang, data *draftView, errs []error) {
	for _, err := range errs {
		msg := l.errorText(err)
		field := fieldOf(err)
		placed := false
		for i := range data.Fields {
			if data.Fields[i].Name == field {
				data.Fields[i].Error, placed = msg, true
			}
		}
		if field == "issuer_unit_id" {
			data.IssuerErr, placed = msg, true
		}
		for i := range data.Tasks {
			k := "task-" + strconv.Itoa(i) + "-"
			switch field {
			case k + "title":
				data.Tasks[i].TitleErr, placed = msg, true
			case k + "lead":
				data.Tasks[i].LeadErr, placed = msg, true
			case k + "deadline":
				data.Tasks[i].DeadlineErr, placed = msg, true
			case k + "general":
				data.Tasks[i].General, placed = msg, true
			}
		}
		if placed {
			data.Invalid++
			if data.FirstInvalid == "" {
				data.FirstInvalid = strings.Replace(field, "-general", "-box", 1)
			}
		} else if data.Error == "" {
			data.Error = msg
		}
	}
}

// discardDraft throws a draft away, so that the same file may be uploaded again.
func (u *UI) discardDraft(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !u.draftPosted(w, r, v) {
		return
	}
	ctx := r.Context()
	id, err := draftID(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	version, verr := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if verr != nil || version <= 0 {
		err = dondoc.Invalid("", "Thiếu phiên bản của bản nháp; hãy tải lại trang.", "Missing draft version; reload the page.")
	} else {
		_, err = u.s.Ingest.Discard(ctx, id, version)
	}
	u.answerForm(w, r, v, err, "/van-ban/nhap?da-huy=1", func(status int) {
		data, lerr := u.proposedDraft(ctx, r, v)
		if lerr != nil {
			u.renderError(w, r, v, lerr)
			return
		}
		data.Error = v.Lang.errorText(err)
		u.renderDraft(w, r, status, v, data)
	})
}

// draftPosted checks that the user may register documents and reads the form posted about a
// draft, of 1 MiB at the most. When either fails it has already shown the error page and returns
// false.
func (u *UI) draftPosted(w http.ResponseWriter, r *http.Request, v *viewer) bool {
	err := u.ingestAllowed(v)
	if err == nil {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		err = parseForm(r)
	}
	if err != nil {
		u.renderError(w, r, v, err)
		return false
	}
	return true
}
