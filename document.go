package dondoc

import (
	"context"
	"strings"
	"time"
)

// Document is an official document (văn bản) registered in dondoc: the source of tasks, or a
// document that others refer to.
type Document struct {
	ID           int64          `json:"id"`
	Type         string         `json:"type"`
	NumberSymbol string         `json:"number_symbol,omitempty"`
	Number       *NumberSymbol  `json:"number,omitempty"`
	IssuerUnitID *int64         `json:"issuer_unit_id"`
	Issuer       string         `json:"issuer"`
	Place        string         `json:"place,omitempty"`
	Date         Date           `json:"date"`
	ReceivedOn   Date           `json:"received_on"`
	Subject      string         `json:"subject,omitempty"`
	Body         string         `json:"body,omitempty"`
	SigningAuth  string         `json:"signing_authority,omitempty"`
	SignerTitle  string         `json:"signer_title,omitempty"`
	SignerName   string         `json:"signer_name,omitempty"`
	Urgency      string         `json:"urgency,omitempty"`
	Secrecy      string         `json:"secrecy,omitempty"`
	Stub         bool           `json:"stub"`
	SourceSHA256 string         `json:"source_sha256,omitempty"`
	Recipients   []Recipient    `json:"recipients"`
	References   []Reference    `json:"references"`
	Distribution []Distribution `json:"distribution"`
	Version      int64          `json:"version"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
}

// RecipientKind says whether a recipient is a unit, a group that expands to units, or a person
// (as in "Các đồng chí Tỉnh ủy viên").
type RecipientKind string

// The recipient kinds.
const (
	RecipientUnit   RecipientKind = "unit"
	RecipientGroup  RecipientKind = "group"
	RecipientPerson RecipientKind = "person"
	RecipientText   RecipientKind = "text"
)

// Recipient is one entry of "Kính gửi". Text keeps the phrase as printed; for kind text nothing was
// resolved and the clerk must decide.
type Recipient struct {
	Kind  RecipientKind `json:"kind"`
	RefID int64         `json:"ref_id,omitempty"`
	Text  string        `json:"text"`
}

// Reference is a document cited by another. DocumentID is set once the cited document is
// registered, whichever of the two came first.
type Reference struct {
	NumberSymbol string `json:"number_symbol"`
	Type         string `json:"type,omitempty"`
	Date         Date   `json:"date"`
	DocumentID   *int64 `json:"document_id"`
}

// Distribution is one line of "Nơi nhận" with its annotation such as "báo cáo" or "để biết".
type Distribution struct {
	Text string `json:"text"`
	Note string `json:"note,omitempty"`
}

// Urgency and secrecy markers as printed on documents.
var (
	UrgencyMarkers = []string{"Khẩn", "Thượng khẩn", "Hỏa tốc", "Hỏa tốc hẹn giờ"}
	SecrecyMarkers = []string{"Mật", "Tối mật", "Tuyệt mật"}
)

// DocumentInput is what a client sends to register or edit a document.
type DocumentInput struct {
	Type         string         `json:"type"`
	NumberSymbol string         `json:"number_symbol"`
	IssuerUnitID *int64         `json:"issuer_unit_id"`
	Issuer       string         `json:"issuer"`
	Place        string         `json:"place"`
	Date         Date           `json:"date"`
	ReceivedOn   Date           `json:"received_on"`
	Subject      string         `json:"subject"`
	Body         string         `json:"body"`
	SigningAuth  string         `json:"signing_authority"`
	SignerTitle  string         `json:"signer_title"`
	SignerName   string         `json:"signer_name"`
	Urgency      string         `json:"urgency"`
	Secrecy      string         `json:"secrecy"`
	Stub         bool           `json:"stub"`
	Recipients   []Recipient    `json:"recipients"`
	References   []Reference    `json:"references"`
	Distribution []Distribution `json:"distribution"`
}

// Validate checks a document field by field. Secrecy markers are refused unless the deployment is an
// isolated network; the caller passes that setting.
func (in *DocumentInput) Validate(allowSecret bool) error {
	if err := RequireText("type", in.Type, 100); err != nil {
		return err
	}
	if err := RequireText("issuer", in.Issuer, 300); err != nil {
		return err
	}
	if in.NumberSymbol != "" {
		if _, err := ParseNumberSymbol(in.NumberSymbol); err != nil {
			return err
		}
	} else if in.Stub {
		return Invalid("number_symbol", "Văn bản ghi nhận theo dẫn chiếu phải có số, ký hiệu.",
			"A stub registered from a reference needs its number_symbol.")
	}
	if !in.Date.Valid() {
		return Invalid("date", "Ngày ban hành là bắt buộc và phải đúng dạng YYYY-MM-DD.", "date is required as YYYY-MM-DD.")
	}
	if in.ReceivedOn != "" && !in.ReceivedOn.Valid() {
		return Invalid("received_on", "Ngày nhận phải đúng dạng YYYY-MM-DD.", "received_on must be YYYY-MM-DD.")
	}
	if in.ReceivedOn != "" && in.ReceivedOn < in.Date {
		return Invalid("received_on", "Ngày nhận không được trước ngày ban hành.", "received_on must not be before the document date.")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"place", in.Place, 200}, {"subject", in.Subject, 2000}, {"signing_authority", in.SigningAuth, 200},
		{"signer_title", in.SignerTitle, 200}, {"signer_name", in.SignerName, 200}, {"body", in.Body, MaxBodyText},
	} {
		if err := OptionalText(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	if in.Urgency != "" && !contains(UrgencyMarkers, in.Urgency) {
		return Invalid("urgency", "Độ khẩn phải là Khẩn, Thượng khẩn hoặc Hỏa tốc.", "urgency must be Khẩn, Thượng khẩn or Hỏa tốc.")
	}
	if in.Secrecy != "" {
		if !contains(SecrecyMarkers, in.Secrecy) {
			return Invalid("secrecy", "Độ mật phải là Mật, Tối mật hoặc Tuyệt mật.", "secrecy must be Mật, Tối mật or Tuyệt mật.")
		}
		if !allowSecret {
			return Errorf(EForbidden, "secrecy", "Văn bản mật không được đưa lên hệ thống này; chỉ xử lý trên mạng nội bộ cách ly.",
				"Classified documents may only be handled on an isolated internal network.")
		}
	}
	if len(in.Recipients) > 500 {
		return Invalid("recipients", "Quá nhiều nơi nhận.", "Too many recipients.")
	}
	for i, r := range in.Recipients {
		field := "recipients[" + itoa(i) + "]"
		switch r.Kind {
		case RecipientUnit, RecipientGroup, RecipientPerson:
			if r.RefID <= 0 {
				return Invalid(field+".ref_id", "Thiếu mã đối tượng nhận.", "ref_id is required.")
			}
		case RecipientText:
			if r.RefID != 0 {
				return Invalid(field+".ref_id", "Nơi nhận ghi bằng chữ không có mã đối tượng.", "A text recipient has no ref_id.")
			}
			if err := RequireText(field+".text", r.Text, 500); err != nil {
				return err
			}
		default:
			return Invalid(field+".kind", "Loại nơi nhận không hợp lệ.", "Unknown recipient kind.")
		}
		if err := OptionalText(field+".text", r.Text, 500); err != nil {
			return err
		}
	}
	if len(in.References) > 200 {
		return Invalid("references", "Quá nhiều văn bản dẫn chiếu.", "Too many references.")
	}
	for i, r := range in.References {
		field := "references[" + itoa(i) + "]"
		if _, err := ParseNumberSymbol(r.NumberSymbol); err != nil {
			e := err.(*Error)
			e.Field = field + ".number_symbol"
			return e
		}
		if r.Date != "" && !r.Date.Valid() {
			return Invalid(field+".date", "Ngày không hợp lệ.", "Invalid date.")
		}
		if err := OptionalText(field+".type", r.Type, 100); err != nil {
			return err
		}
	}
	if len(in.Distribution) > 200 {
		return Invalid("distribution", "Quá nhiều nơi nhận.", "Too many distribution entries.")
	}
	for i, d := range in.Distribution {
		field := "distribution[" + itoa(i) + "]"
		if err := RequireText(field+".text", d.Text, 500); err != nil {
			return err
		}
		if err := OptionalText(field+".note", d.Note, 200); err != nil {
			return err
		}
	}
	return nil
}

// CanReadDocuments reports whether the actor may read registered documents. Documents are
// addressed to many units at once and cited by tasks everywhere, so any reading role on any unit
// reads them all; admins without another role do not, since they manage accounts, not business.
func CanReadDocuments(a *Actor) bool { return a.HasRole("", ReadRoles...) }

// CanRegisterDocument reports whether the actor may register or edit documents: registering
// incoming and outgoing documents is the work of the office (văn thư, văn phòng), and leaders
// may do it for the documents they sign.
func CanRegisterDocument(a *Actor) bool { return a.HasRole("", RoleOffice, RoleLeader) }

// sameYear reports whether two valid dates fall in the same calendar year. State documents are
// numbered anew each year, so "45/KH-UBND" of 2023 and of 2024 are two documents.
func sameYear(a, b Date) bool { return len(a) >= 4 && len(b) >= 4 && a[:4] == b[:4] }

// DuplicateOf reports whether registering in would repeat the registered document d, which has
// the same number-symbol key. A full document repeats a full (not stub) document of the same
// issuer and type in the same year. Issuer and type are compared without regard to case, since
// clerks type "TỈNH ỦY" and "Tỉnh ủy" for the same body; a different issuer may reuse a number
// ("12/QĐ-UBND" is issued by the province and by every district). A stub only stands in for a
// cited number, so it repeats any document of that number in the same year: a second one would
// make references ambiguous.
func DuplicateOf(d *Document, in *DocumentInput) bool {
	if in.Stub {
		return sameYear(d.Date, in.Date)
	}
	return !d.Stub && sameYear(d.Date, in.Date) &&
		strings.EqualFold(strings.TrimSpace(d.Issuer), strings.TrimSpace(in.Issuer)) &&
		strings.EqualFold(strings.TrimSpace(d.Type), strings.TrimSpace(in.Type))
}

// UpgradableStub picks, among stubs with the same number-symbol key, the one that a full
// registration of in replaces in place: the stub of the same date, else one of the same year.
// Upgrading keeps the stub's id, so the references already resolved to it stay resolved. It
// returns nil when no stub fits, and then the full document is registered anew.
func UpgradableStub(stubs []Document, in *DocumentInput) *Document {
	var sameYearStub *Document
	for i := range stubs {
		s := &stubs[i]
		if !s.Stub {
			continue
		}
		if s.Date == in.Date {
			return s
		}
		if sameYearStub == nil && sameYear(s.Date, in.Date) {
			sameYearStub = s
		}
	}
	return sameYearStub
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DocumentFilter narrows document lists.
type DocumentFilter struct {
	// Q is a full-text query over number, subject, issuer and body, matched without diacritics.
	Q string
	// Type is the exact document type, such as "Nghị quyết".
	Type string
	// Number is a number-symbol written any way officials write it ("Số: 05/KH-UBND").
	Number string
	// From and To bound the document date, both inclusive.
	From Date
	To   Date
	// System keeps the documents numbered in one system, SystemParty or SystemState, as the
	// number-symbol tells; documents without a number are in neither.
	System string
	// Issuer keeps the documents whose issuer contains these words, matched without diacritics or
	// case, so that "ubnd tinh" finds "UBND tỉnh Quảng Ninh".
	Issuer string
	// Year keeps the documents dated in one calendar year; zero means any year.
	Year int
	// OpenTasks keeps the documents that still have a task running (OpenStatuses), the ones
	// follow-up is about.
	OpenTasks bool
	// Cites keeps the documents with a reference resolved to this document: the documents that
	// cite it.
	Cites  int64
	Cursor string
	Limit  int
}

// MinDocumentYear and MaxDocumentYear bound the year filter: no document of the current State
// predates 1945, and a later year is a typing mistake.
const (
	MinDocumentYear = 1945
	MaxDocumentYear = 2100
)

// Validate checks the filter, naming the query parameter at fault.
func (f *DocumentFilter) Validate() error {
	for _, p := range []struct {
		name, v string
		max     int
	}{{"q", f.Q, 500}, {"type", f.Type, 100}, {"number", f.Number, 100}} {
		if err := OptionalText(p.name, p.v, p.max); err != nil {
			return err
		}
	}
	if f.From != "" && !f.From.Valid() {
		return Invalid("from", "Ngày không hợp lệ; cần dạng YYYY-MM-DD.", "Invalid date; expected YYYY-MM-DD.")
	}
	if f.To != "" && !f.To.Valid() {
		return Invalid("to", "Ngày không hợp lệ; cần dạng YYYY-MM-DD.", "Invalid date; expected YYYY-MM-DD.")
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		return Invalid("to", "Ngày kết thúc không được trước ngày bắt đầu.", "to must not be before from.")
	}
	if f.System != "" && f.System != SystemParty && f.System != SystemState {
		return Invalid("system", "Hệ thống ban hành phải là Đảng hoặc Nhà nước.", "system must be party or state.")
	}
	if err := OptionalText("issuer", f.Issuer, 300); err != nil {
		return err
	}
	if f.Year != 0 && (f.Year < MinDocumentYear || f.Year > MaxDocumentYear) {
		return Invalid("year", "Năm phải là số có bốn chữ số, từ 1945 đến 2100.", "year must be four digits, from 1945 to 2100.")
	}
	if f.Cites < 0 {
		return Invalid("cites", "Mã văn bản được dẫn chiếu không hợp lệ.", "cites must be a document id.")
	}
	return nil
}

// DocumentService registers documents and finds them.
type DocumentService interface {
	// CreateDocument registers a document, or upgrades in place the stub registered earlier for
	// its number, and links references in both directions.
	CreateDocument(ctx context.Context, in DocumentInput) (*Document, error)
	// GetDocument returns a document with its recipients, references and distribution.
	GetDocument(ctx context.Context, id int64) (*Document, error)
	// UpdateDocument edits the version of a document the client last read.
	UpdateDocument(ctx context.Context, id, version int64, in DocumentInput) (*Document, error)
	// ListDocuments lists documents newest first. Items leave out the body, which may be a
	// megabyte each; GetDocument returns it.
	ListDocuments(ctx context.Context, f DocumentFilter) (*Page[Document], error)
}
