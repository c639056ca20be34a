// Package ingest turns an uploaded file into a draft for the office to check, and a checked draft
// into a registered document with its tasks. It holds the rules of the flow (who may ingest,
// secrecy, what the parser proposes) and leaves storage to a Store and the file to a
// filestore.Store, so that the API stays thin and the database layer stays free of parsing.
package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"dondoc"
	"dondoc/internal/docparse"
	"dondoc/internal/filestore"
)

// Proposal is what the parser proposes for one file: the document and its tasks as inputs the
// office can edit and send back, the resolution of every unit phrase, and the parser's full draft
// with spans and confidences for highlighting the evidence.
type Proposal struct {
	Document dondoc.DocumentInput `json:"document"`
	Tasks    []dondoc.TaskInput   `json:"tasks"`
	Units    []docparse.TaskUnits `json:"units"`
	Parsed   *docparse.Draft      `json:"parsed"`
}

// Draft and Confirmation are the domain's; a Draft's proposal is a Proposal encoded as JSON.
type (
	Draft        = dondoc.Draft
	Confirmation = dondoc.DraftConfirmation
)

// Service runs the flow. AllowSecret mirrors the deployment's setting: only an isolated internal
// network may take documents marked Mật, Tối mật or Tuyệt mật.
type Service struct {
	Store       dondoc.DraftStore
	Org         dondoc.OrgService
	Files       *filestore.Store
	AllowSecret bool
	Limits      docparse.Limits
	// Holiday tells public holidays to the deadlines counted in working days, and Today gives the
	// date of receipt they count from; both come from the deployment's calendar and clock. Nil
	// means weekends only, and counting from the document's date.
	Holiday func(dondoc.Date) bool
	Today   func() dondoc.Date
}

// Upload reads and parses a file, resolves its units, stores the original and records a draft.
// A file that cannot be read is refused before anything is stored; the original is on disk
// (synced) before the draft that names it is committed.
func (s *Service) Upload(ctx context.Context, filename string, data []byte) (*Draft, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanRegisterDocument(a) {
		return nil, dondoc.Forbidden("Chỉ văn phòng hoặc lãnh đạo được đưa văn bản vào hệ thống.",
			"Only the office or leaders may ingest documents.")
	}
	if strings.TrimSpace(filename) == "" || utf8.RuneCountInString(filename) > 255 {
		return nil, dondoc.Invalid("file", "Tên tệp không hợp lệ.", "Invalid file name.")
	}
	src, err := docparse.Read(ctx, filename, bytes.NewReader(data), s.Limits)
	if err != nil {
		var de *dondoc.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, dondoc.Invalid("file", "Không đọc được tệp: "+err.Error(), "The file cannot be read: "+err.Error())
	}
	opts := docparse.Options{Holiday: s.Holiday}
	if s.Today != nil {
		opts.ReceivedOn = s.Today()
	}
	parsed := src.Parse(opts)
	if parsed.Secrecy != nil && !s.AllowSecret {
		return nil, dondoc.Errorf(dondoc.EForbidden, "file",
			"Văn bản có độ mật ("+parsed.Secrecy.Text+") không được đưa lên hệ thống này; chỉ mạng nội bộ cách ly mới được xử lý văn bản mật.",
			"The document is marked secret ("+parsed.Secrecy.Text+"); only an isolated internal network may hold secret documents.")
	}
	reg := docparse.OrgRegistry{Org: s.Org}
	if parsed.Date != nil && parsed.Date.Value.Valid() {
		reg.AsOf = parsed.Date.Value
	}
	r, err := docparse.NewResolver(ctx, reg)
	if err != nil {
		return nil, err
	}
	p := propose(parsed, r)
	sum, err := s.Files.Put(data)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(p)
	if err != nil {
		return nil, dondoc.Internal(err)
	}
	return s.Store.CreateDraft(ctx, sum, filename, body)
}

// Get returns a draft.
func (s *Service) Get(ctx context.Context, id int64) (*Draft, error) {
	return s.Store.GetDraft(ctx, id)
}

// Discard throws a pending draft away; the same file may then be uploaded again.
func (s *Service) Discard(ctx context.Context, id, version int64) (*Draft, error) {
	return s.Store.DiscardDraft(ctx, id, version)
}

// Confirm registers the checked document and its tasks.
func (s *Service) Confirm(ctx context.Context, id, version int64, c Confirmation) (*dondoc.Document, error) {
	return s.Store.ConfirmDraft(ctx, id, version, c)
}

// maxTitle is how many characters of a task's text its proposed title keeps.
const maxTitle = 200

// propose turns the parser's draft into editable inputs. Only what resolved without doubt is
// filled in: a lead unit that matched one unit, coordinators that matched, the issuer as the
// assigner; everything else is left empty for the clerk, with the evidence in Parsed and Units.
func propose(d *docparse.Draft, r *docparse.Resolver) Proposal {
	text := func(f *docparse.Field) string {
		if f == nil {
			return ""
		}
		return f.Text
	}
	doc := dondoc.DocumentInput{Type: text(d.Type), Issuer: text(d.Issuer), Place: text(d.Place), Subject: text(d.Subject),
		Body: d.Text, SigningAuth: text(d.Signing.Authority), SignerTitle: text(d.Signing.Title), SignerName: text(d.Signing.Name),
		Urgency: text(d.Urgency), Secrecy: text(d.Secrecy),
		Recipients: []dondoc.Recipient{}, References: []dondoc.Reference{}, Distribution: []dondoc.Distribution{}}
	if d.NumberSymbol != nil {
		doc.NumberSymbol = d.NumberSymbol.Text
	}
	if d.Date != nil {
		doc.Date = d.Date.Value
	}
	var assigner int64
	if d.Issuer != nil {
		if res := r.Phrase(docparse.Item{Text: d.Issuer.Text, Span: d.Issuer.Span}); res.Resolved && res.GroupID == 0 {
			assigner = res.UnitIDs[0]
			doc.IssuerUnitID = &assigner
		}
	}
	for _, it := range d.Recipients {
		doc.Recipients = append(doc.Recipients, dondoc.Recipient{Kind: dondoc.RecipientText, Text: it.Text})
	}
	for _, ref := range d.References {
		doc.References = append(doc.References, dondoc.Reference{NumberSymbol: ref.NumberSymbol, Type: ref.Type, Date: ref.Date})
	}
	for _, x := range d.Distribution {
		doc.Distribution = append(doc.Distribution, dondoc.Distribution{Text: x.Text, Note: x.Note})
	}
	units := r.Resolve(d)
	tasks := make([]dondoc.TaskInput, len(d.Tasks))
	for i, t := range d.Tasks {
		in := dondoc.TaskInput{ClauseID: t.Clause, Title: title(t.Text), Text: t.Text, AssignerUnitID: assigner,
			Coordinators: []dondoc.Coordinator{}, CascadeTo: []int64{}, Deadline: deadline(t)}
		for _, l := range units[i].Lead {
			switch {
			case !l.Resolved:
			case l.GroupID != 0:
				in.CascadeTo = append(in.CascadeTo, l.UnitIDs...)
			case in.LeadUnitID == 0:
				in.LeadUnitID = l.UnitIDs[0]
			default:
				in.Coordinators = append(in.Coordinators, dondoc.Coordinator{UnitID: l.UnitIDs[0]})
			}
		}
		for _, c := range units[i].Coordinate {
			if c.Resolved {
				for _, id := range c.UnitIDs {
					in.Coordinators = append(in.Coordinators, dondoc.Coordinator{UnitID: id})
				}
			}
		}
		tasks[i] = in
	}
	return Proposal{Document: doc, Tasks: tasks, Units: units, Parsed: d}
}

// title shortens a task's text to a title at a word boundary.
func title(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxTitle {
		return s
	}
	r := []rune(s)[:maxTitle]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return string(r)[:i] + " …"
	}
	return string(r) + " …"
}

// deadline proposes a task's deadline: a date when the parser computed one, a recurrence when it
// is one that dondoc chases, otherwise none; the printed phrase is always kept.
func deadline(t docparse.Task) dondoc.Deadline {
	var dl dondoc.Deadline
	if t.Deadline != nil {
		dl.Phrase = t.Deadline.Text
	}
	switch {
	case t.DeadlineDate.Valid():
		dl.Kind, dl.Date = dondoc.DeadlineDate, t.DeadlineDate
	case t.Recurrence != nil && slices.Contains(dondoc.Recurrences, t.Recurrence.Frequency):
		dl.Kind, dl.Recurrence, dl.DayOfPeriod = dondoc.DeadlineRecurring, t.Recurrence.Frequency, t.Recurrence.Day
	case t.PeriodEnd.Valid():
		dl.Kind, dl.Date = dondoc.DeadlineDate, t.PeriodEnd
	default:
		dl.Kind = dondoc.DeadlineNone
	}
	return dl
}
