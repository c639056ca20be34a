package dondoc

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// validDocument is the seed dispatch's resolution 307-NQ/TU as a clerk registers it.
func validDocument() DocumentInput {
	return DocumentInput{
		Type: "Nghị quyết", NumberSymbol: "307-NQ/TU", Issuer: "Tỉnh ủy Bắc Giang", Date: "2023-12-06",
		ReceivedOn: "2023-12-07", Subject: "Về nhiệm vụ lãnh đạo năm 2024", Urgency: "Khẩn",
		Recipients:   []Recipient{{Kind: RecipientUnit, RefID: 3}, {Kind: RecipientText, Text: "Các đồng chí Tỉnh ủy viên"}},
		References:   []Reference{{NumberSymbol: "233-NQ/TU", Date: "2022-07-25"}},
		Distribution: []Distribution{{Text: "Ban Bí thư Trung ương Đảng", Note: "báo cáo"}},
	}
}

func TestDocumentInputValidate(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(in *DocumentInput)
		allowSecret bool
		code        Code
		field       string
	}{
		{"valid", func(in *DocumentInput) {}, false, "", ""},
		{"no number", func(in *DocumentInput) { in.NumberSymbol = "" }, false, "", ""},
		{"number with label", func(in *DocumentInput) { in.NumberSymbol = "Số: 307-NQ/TU" }, false, "", ""},
		{"state number", func(in *DocumentInput) { in.NumberSymbol = "06/2024/QĐ-UBND" }, false, "", ""},
		{"missing type", func(in *DocumentInput) { in.Type = " " }, false, EInvalid, "type"},
		{"missing issuer", func(in *DocumentInput) { in.Issuer = "" }, false, EInvalid, "issuer"},
		{"bad number", func(in *DocumentInput) { in.NumberSymbol = "NQ số 307" }, false, EInvalid, "number_symbol"},
		{"stub without number", func(in *DocumentInput) { in.NumberSymbol, in.Stub = "", true }, false, EInvalid, "number_symbol"},
		{"missing date", func(in *DocumentInput) { in.Date = "" }, false, EInvalid, "date"},
		{"impossible date", func(in *DocumentInput) { in.Date = "2024-02-30" }, false, EInvalid, "date"},
		{"malformed received_on", func(in *DocumentInput) { in.ReceivedOn = "07/12/2023" }, false, EInvalid, "received_on"},
		{"received before issued", func(in *DocumentInput) { in.ReceivedOn = "2023-12-05" }, false, EInvalid, "received_on"},
		{"received the same day", func(in *DocumentInput) { in.ReceivedOn = in.Date }, false, "", ""},
		{"subject too long", func(in *DocumentInput) { in.Subject = strings.Repeat("x", 2001) }, false, EInvalid, "subject"},
		{"body at the limit", func(in *DocumentInput) { in.Body = strings.Repeat("x", MaxBodyText) }, false, "", ""},
		{"body over the limit", func(in *DocumentInput) { in.Body = strings.Repeat("x", MaxBodyText+1) }, false, EInvalid, "body"},
		{"control character", func(in *DocumentInput) { in.SignerName = "Lê\x00Hồng" }, false, EInvalid, "signer_name"},
		{"unknown urgency", func(in *DocumentInput) { in.Urgency = "Gấp" }, false, EInvalid, "urgency"},
		{"secret refused", func(in *DocumentInput) { in.Secrecy = "Mật" }, false, EForbidden, "secrecy"},
		{"secret on an isolated network", func(in *DocumentInput) { in.Secrecy = "Tối mật" }, true, "", ""},
		{"unknown secrecy", func(in *DocumentInput) { in.Secrecy = "Nội bộ" }, true, EInvalid, "secrecy"},
		{"recipient without ref_id", func(in *DocumentInput) { in.Recipients[0].RefID = 0 }, false, EInvalid, "recipients[0].ref_id"},
		{"text recipient with ref_id", func(in *DocumentInput) { in.Recipients[1].RefID = 5 }, false, EInvalid, "recipients[1].ref_id"},
		{"text recipient without text", func(in *DocumentInput) { in.Recipients[1].Text = "" }, false, EInvalid, "recipients[1].text"},
		{"unknown recipient kind", func(in *DocumentInput) { in.Recipients[0].Kind = "office" }, false, EInvalid, "recipients[0].kind"},
		{"too many recipients", func(in *DocumentInput) {
			in.Recipients = make([]Recipient, 501)
			for i := range in.Recipients {
				in.Recipients[i] = Recipient{Kind: RecipientGroup, RefID: 1}
			}
		}, false, EInvalid, "recipients"},
		{"bad reference", func(in *DocumentInput) { in.References[0].NumberSymbol = "233" }, false, EInvalid, "references[0].number_symbol"},
		{"bad reference date", func(in *DocumentInput) { in.References[0].Date = "2022-13-01" }, false, EInvalid, "references[0].date"},
		{"reference type too long", func(in *DocumentInput) { in.References[0].Type = strings.Repeat("x", 101) }, false, EInvalid, "references[0].type"},
		{"empty distribution line", func(in *DocumentInput) { in.Distribution[0].Text = "" }, false, EInvalid, "distribution[0].text"},
		{"distribution note too long", func(in *DocumentInput) { in.Distribution[0].Note = strings.Repeat("x", 201) }, false, EInvalid, "distribution[0].note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validDocument()
			tt.edit(&in)
			err := in.Validate(tt.allowSecret)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Field != tt.field {
				t.Fatalf("Validate() = %v, want %s on %s", err, tt.code, tt.field)
			}
			if e.Message == "" || e.MessageEN == "" || !norm.NFC.IsNormalString(e.Message) {
				t.Errorf("messages %q / %q must both be present, the Vietnamese one in NFC", e.Message, e.MessageEN)
			}
		})
	}
}

func TestDocumentPermissions(t *testing.T) {
	grant := func(r Role) *Actor {
		return &Actor{UserID: 1, Grants: []Grant{{Role: r, UnitID: 9, UnitPath: "/1/9/"}}}
	}
	tests := []struct {
		actor          *Actor
		read, register bool
	}{
		{SystemActor, true, true},
		{grant(RoleOffice), true, true},
		{grant(RoleLeader), true, true},
		{grant(RoleUnitHead), true, false},
		{grant(RoleUnitOfficer), true, false},
		{grant(RoleViewer), true, false},
		{grant(RoleAdmin), false, false},
		{nil, false, false},
	}
	for _, tt := range tests {
		name := "anonymous"
		if tt.actor != nil {
			name = tt.actor.Username
			if len(tt.actor.Grants) > 0 {
				name = string(tt.actor.Grants[0].Role)
			}
		}
		if got := CanReadDocuments(tt.actor); got != tt.read {
			t.Errorf("%s: CanReadDocuments = %v, want %v", name, got, tt.read)
		}
		if got := CanRegisterDocument(tt.actor); got != tt.register {
			t.Errorf("%s: CanRegisterDocument = %v, want %v", name, got, tt.register)
		}
	}
}

func TestDuplicateOf(t *testing.T) {
	registered := &Document{Type: "Kế hoạch", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-20"}
	tests := []struct {
		name string
		stub bool
		in   DocumentInput
		want bool
	}{
		{"same issuer, type and year", false, DocumentInput{Type: "Kế hoạch", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-21"}, true},
		{"issuer in capitals", false, DocumentInput{Type: "KẾ HOẠCH", Issuer: "UBND TỈNH BẮC GIANG ", Date: "2024-02-20"}, true},
		{"another issuer", false, DocumentInput{Type: "Kế hoạch", Issuer: "UBND huyện Yên Dũng", Date: "2024-02-20"}, false},
		{"another type", false, DocumentInput{Type: "Quyết định", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-20"}, false},
		{"another year", false, DocumentInput{Type: "Kế hoạch", Issuer: "UBND tỉnh Bắc Giang", Date: "2025-02-20"}, false},
		{"over a stub", true, DocumentInput{Type: "Kế hoạch", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-20"}, false},
		{"a stub over anything of the year", false, DocumentInput{Type: "Kế hoạch", Issuer: "Tỉnh", Date: "2024-06-01", Stub: true}, true},
		{"a stub of another year", true, DocumentInput{Type: "Kế hoạch", Issuer: "Tỉnh", Date: "2023-06-01", Stub: true}, false},
	}
	for _, tt := range tests {
		d := *registered
		d.Stub = tt.stub
		if got := DuplicateOf(&d, &tt.in); got != tt.want {
			t.Errorf("%s: DuplicateOf = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestUpgradableStub(t *testing.T) {
	docs := []Document{
		{ID: 1, Date: "2023-12-01", Stub: true},
		{ID: 2, Date: "2023-12-06", Stub: false},
		{ID: 3, Date: "2023-12-06", Stub: true},
		{ID: 4, Date: "2022-12-06", Stub: true},
	}
	tests := []struct {
		date Date
		want int64
	}{
		{"2023-12-06", 3},
		{"2023-05-01", 1},
		{"2022-01-01", 4},
		{"2024-12-06", 0},
	}
	for _, tt := range tests {
		got := UpgradableStub(docs, &DocumentInput{Date: tt.date})
		var id int64
		if got != nil {
			id = got.ID
		}
		if id != tt.want {
			t.Errorf("UpgradableStub(%s) = %d, want %d", tt.date, id, tt.want)
		}
	}
}

func TestDocumentFilterValidate(t *testing.T) {
	tests := []struct {
		f     DocumentFilter
		field string
	}{
		{DocumentFilter{Q: "dong viet", From: "2024-01-01", To: "2024-01-01"}, ""},
		{DocumentFilter{Q: strings.Repeat("q", 501)}, "q"},
		{DocumentFilter{Type: strings.Repeat("t", 101)}, "type"},
		{DocumentFilter{Number: "12\x01"}, "number"},
		{DocumentFilter{From: "2024-02-30"}, "from"},
		{DocumentFilter{To: "31/12/2024"}, "to"},
		{DocumentFilter{From: "2024-02-01", To: "2024-01-31"}, "to"},
	}
	for _, tt := range tests {
		err := tt.f.Validate()
		var e *Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%+v: %v, want nil", tt.f, err)
		case tt.field != "" && (!errors.As(err, &e) || e.Code != EInvalid || e.Field != tt.field):
			t.Errorf("%+v: %v, want invalid %s", tt.f, err, tt.field)
		}
	}
}
