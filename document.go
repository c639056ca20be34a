package dondoc

import (
	"context"
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
	}
	if !in.Date.Valid() {
		return Invalid("date", "Ngày ban hành là bắt buộc và phải đúng dạng YYYY-MM-DD.", "date is required as YYYY-MM-DD.")
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
	}
	if len(in.Distribution) > 200 {
		return Invalid("distribution", "Quá nhiều nơi nhận.", "Too many distribution entries.")
	}
	for i, d := range in.Distribution {
		if err := RequireText("distribution["+itoa(i)+"].text", d.Text, 500); err != nil {
			return err
		}
	}
	return nil
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
	Q      string
	Type   string
	Number string
	From   Date
	To     Date
	Cursor string
	Limit  int
}

// DocumentService registers documents and finds them.
type DocumentService interface {
	CreateDocument(ctx context.Context, in DocumentInput) (*Document, error)
	GetDocument(ctx context.Context, id int64) (*Document, error)
	UpdateDocument(ctx context.Context, id, version int64, in DocumentInput) (*Document, error)
	ListDocuments(ctx context.Context, f DocumentFilter) (*Page[Document], error)
}
