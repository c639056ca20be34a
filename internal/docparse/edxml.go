package docparse

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"time"

	"dondoc"
)

// The edXML namespaces: QCVN 102:2016 and the older exchange guideline (HD kết nối v2.2).
const (
	edXMLNS       = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
	edXMLLegacyNS = "http://www.go.vn/eDoc"
)

// Envelope holds the header fields of an edXML message (QCVN 102:2016, MessageHeader and
// TraceHeaderList), which the sending system filled in from its own register.
type Envelope struct {
	DocumentID       string      `json:"document_id,omitempty"`
	FromOrganID      string      `json:"from_organ_id,omitempty"`
	FromOrganName    string      `json:"from_organ_name,omitempty"`
	FromInCharge     string      `json:"from_organization_in_charge,omitempty"`
	To               []string    `json:"to,omitempty"`
	CodeNumber       string      `json:"code_number,omitempty"`
	CodeNotation     string      `json:"code_notation,omitempty"`
	Place            string      `json:"place,omitempty"`
	PromulgationDate dondoc.Date `json:"promulgation_date,omitempty"`
	TypeName         string      `json:"type_name,omitempty"`
	Subject          string      `json:"subject,omitempty"`
	SignerCompetence string      `json:"signer_competence,omitempty"`
	SignerPosition   string      `json:"signer_position,omitempty"`
	SignerName       string      `json:"signer_name,omitempty"`
	DueDate          dondoc.Date `json:"due_date,omitempty"`
	ToPlaces         []string    `json:"to_places,omitempty"`
	Priority         string      `json:"priority,omitempty"`
	SteeringType     string      `json:"steering_type,omitempty"`
	ReceivedOn       dondoc.Date `json:"received_on,omitempty"`
	Attachments      []string    `json:"attachments,omitempty"`
}

// edAttachment is one attached file of the message.
type edAttachment struct {
	name, contentType string
	data              strings.Builder
}

// priorities maps the edXML priority codes to the urgency markers.
var priorities = map[string]string{"1": "Khẩn", "2": "Thượng khẩn", "3": "Hỏa tốc", "4": "Hỏa tốc hẹn giờ"}

// readEdXML reads an edXML message: its header into an Envelope and its first readable attachment
// (.docx, .pdf, text) through the other readers; without one, the Content element is the text.
func readEdXML(ctx context.Context, data []byte, lim Limits) (*Source, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	env := &Envelope{}
	var stack []string
	var atts []*edAttachment
	var cur *edAttachment
	var content strings.Builder
	var text strings.Builder
	found := false
	steps := 0
	for {
		if steps++; steps%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileError("Thông điệp edXML có XML không hợp lệ.", "The edXML message is not well-formed XML.")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 || !found {
				if strings.HasPrefix(t.Name.Local, "edXML") || t.Name.Local == "MessageHeader" {
					if t.Name.Space != edXMLNS && t.Name.Space != edXMLLegacyNS {
						return nil, fileError("Thông điệp edXML sai không gian tên (cần "+edXMLNS+").",
							"The edXML message has the wrong namespace "+strings.TrimSpace(t.Name.Space+" ")+"(want "+edXMLNS+").")
					}
					found = true
				} else if len(stack) == 0 && t.Name.Local != "Envelope" {
					return nil, fileError("Tệp XML không phải là thông điệp edXML.", "The XML file is not an edXML message.")
				}
			}
			stack = append(stack, t.Name.Local)
			text.Reset()
			if t.Name.Local == "Attachment" {
				cur = &edAttachment{}
				atts = append(atts, cur)
			}
		case xml.CharData:
			if cur != nil && len(stack) > 0 && stack[len(stack)-1] == "ContentTransferEncoded" {
				if int64(cur.data.Len()) > lim.MaxInput*4/3+4 {
					return nil, fileError("Tệp đính kèm edXML quá lớn.", "An edXML attachment is too large.")
				}
				cur.data.Write(t)
				continue
			}
			if text.Len() < 1<<20 {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			v := strings.TrimSpace(text.String())
			p := strings.Join(stack[max(0, len(stack)-3):], "/")
			env.set(p, v, &content)
			if cur != nil {
				switch t.Name.Local {
				case "AttachmentName", "FileName":
					cur.name = v
				case "ContentType":
					cur.contentType = v
				case "Attachment":
					cur = nil
				}
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		}
	}
	if !found {
		return nil, fileError("Tệp XML không phải là thông điệp edXML.", "The XML file is not an edXML message.")
	}
	src := &Source{Format: "edxml", Envelope: env}
	for _, a := range atts {
		env.Attachments = append(env.Attachments, a.name)
	}
	for _, a := range atts {
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(a.data.String()), ""))
		if err != nil {
			return nil, fileError("Tệp đính kèm edXML không giải mã được (base64 hỏng).", "An edXML attachment is not valid base64.")
		}
		if int64(len(raw)) > lim.MaxInput {
			return nil, fileError("Tệp đính kèm edXML quá lớn.", "An edXML attachment is too large.")
		}
		inner, err := readBytes(ctx, a.name, raw, lim, 1)
		if err != nil {
			var de *dondoc.Error
			if errors.As(err, &de) && len(atts) > 1 {
				continue
			}
			return nil, err
		}
		src.Text, src.Encoding = inner.Text, inner.Format
		return src, nil
	}
	if c := strings.TrimSpace(content.String()); c != "" {
		src.Text = c
		return src, nil
	}
	return nil, fileError("Thông điệp edXML không có tệp đính kèm đọc được.", "The edXML message has no readable attachment.")
}

// set stores a header value by the last elements of its path.
func (e *Envelope) set(path, v string, content *strings.Builder) {
	if v == "" {
		return
	}
	last := path[strings.LastIndexByte(path, '/')+1:]
	in := func(parent string) bool { return strings.Contains(path, parent+"/") }
	switch {
	case in("From") && last == "OrganId":
		e.FromOrganID = v
	case in("From") && last == "OrganName":
		e.FromOrganName = v
	case in("From") && last == "OrganizationInCharge":
		e.FromInCharge = v
	case in("To") && last == "OrganName":
		e.To = append(e.To, v)
	case last == "CodeNumber":
		e.CodeNumber = v
	case last == "CodeNotation":
		e.CodeNotation = v
	case in("PromulgationInfo") && last == "Place":
		e.Place = v
	case in("PromulgationInfo") && last == "PromulgationDate":
		e.PromulgationDate = edDate(v)
	case last == "TypeName":
		e.TypeName = v
	case last == "Subject" && e.Subject == "":
		e.Subject = v
	case last == "Content" && !in("Attachment"):
		content.WriteString(v)
	case last == "Competence":
		e.SignerCompetence = v
	case last == "Position" && in("SignerInfo"):
		e.SignerPosition = v
	case last == "FullName" && in("SignerInfo"):
		e.SignerName = v
	case last == "DueDate":
		e.DueDate = edDate(v)
	case in("ToPlaces") && last == "Place":
		e.ToPlaces = append(e.ToPlaces, v)
	case last == "Priority":
		e.Priority = priorities[v]
	case last == "SteeringType":
		e.SteeringType = v
	case last == "DocumentId" && !in("ResponseFor"):
		e.DocumentID = v
	case in("TraceHeader") && last == "Timestamp":
		if d := edDate(v); d != "" && d > e.ReceivedOn {
			e.ReceivedOn = d
		}
	}
}

// edDate reads the yyyy/MM/dd dates of edXML (with or without a time).
func edDate(v string) dondoc.Date {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006/01/02 15:04:05", "2006/01/02", "2006-01-02", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return dondoc.Date(t.Format(dondoc.DateLayout))
		}
	}
	return ""
}

// Parse parses the source's text and, for an edXML message, completes the draft from the header
// fields the sender registered: the receipt date counts working-day deadlines, and metadata the
// text lacks is taken from the envelope.
func (s *Source) Parse(opts Options) *Draft {
	if s.Envelope != nil && opts.ReceivedOn == "" {
		opts.ReceivedOn = s.Envelope.ReceivedOn
	}
	d := Parse(s.Text, opts)
	if s.Envelope != nil {
		applyEnvelope(d, s.Envelope)
	}
	return d
}

// applyEnvelope fills what the text did not give from the edXML header; values found in both keep
// the text's span and gain confidence when they agree.
func applyEnvelope(d *Draft, e *Envelope) {
	meta := func(v string) *Field {
		if v == "" {
			return nil
		}
		return &Field{Text: v, Span: Span{0, 0}, Confidence: 1}
	}
	confirm := func(f *Field, v string) *Field {
		if f == nil {
			return meta(v)
		}
		if v != "" && fold(f.Text) == fold(v) {
			f.Confidence = 1
		}
		return f
	}
	if e.CodeNumber != "" && e.CodeNotation != "" {
		ns := normNumber(e.CodeNumber + "/" + e.CodeNotation)
		if d.NumberSymbol == nil {
			nf := &NumberField{Field: *meta(ns)}
			if parts, err := dondoc.ParseNumberSymbol(ns); err == nil {
				nf.Parts = parts
			}
			d.NumberSymbol = nf
		} else if numberKey(d.NumberSymbol.Text) == numberKey(ns) {
			d.NumberSymbol.Confidence = 1
		}
	}
	d.Issuer = confirm(d.Issuer, e.FromOrganName)
	d.Place = confirm(d.Place, e.Place)
	d.Subject = confirm(d.Subject, e.Subject)
	d.Type = confirm(d.Type, e.TypeName)
	if d.Date == nil && e.PromulgationDate != "" {
		d.Date = &DateField{Value: e.PromulgationDate, Printed: string(e.PromulgationDate), Confidence: 1}
	} else if d.Date != nil && d.Date.Value == e.PromulgationDate {
		d.Date.Confidence = 1
	}
	d.Signing.Authority = confirm(d.Signing.Authority, e.SignerCompetence)
	d.Signing.Title = confirm(d.Signing.Title, e.SignerPosition)
	d.Signing.Name = confirm(d.Signing.Name, e.SignerName)
	if d.Urgency == nil {
		d.Urgency = meta(e.Priority)
	}
	if len(d.Recipients) == 0 {
		for _, t := range e.To {
			d.Recipients = append(d.Recipients, Item{Text: t, Confidence: 1})
		}
	}
	if len(d.Distribution) == 0 {
		for _, t := range e.ToPlaces {
			d.Distribution = append(d.Distribution, Distribution{Text: t, Note: distributionNote(t), Confidence: 1})
		}
	}
}
