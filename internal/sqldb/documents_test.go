package sqldb_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// seedReferences are the documents cited by the seed dispatch of the Standing Committee
// (corpus/seed/btv-tinh-uy-2024-05).
var seedReferences = []dondoc.Reference{
	{NumberSymbol: "307-NQ/TU", Type: "Nghị quyết", Date: "2023-12-06"},
	{NumberSymbol: "316-NQ/TU", Type: "Nghị quyết", Date: "2023-12-29"},
	{NumberSymbol: "26-CT/TU", Type: "Chỉ thị", Date: "2023-06-02"},
	{NumberSymbol: "233-NQ/TU", Type: "Nghị quyết", Date: "2022-07-25"},
	{NumberSymbol: "1975-TB/TU", Type: "Thông báo", Date: "2023-10-13"},
}

// seedDispatch is the seed dispatch as a clerk registers it; its printed header (number and
// date) was not kept, so it is registered without a number.
func seedDispatch(p *sqldbtest.Province) dondoc.DocumentInput {
	return dondoc.DocumentInput{
		Type: "Công văn", Issuer: "Ban Thường vụ Tỉnh ủy", IssuerUnitID: &p.Root.ID, Date: "2024-05-06",
		Subject:     "Tập trung lãnh đạo, chỉ đạo thực hiện nhiệm vụ trọng tâm năm 2024",
		Body:        "Tập trung cao chỉ đạo rà soát, tiếp tục đẩy nhanh tiến độ thực hiện dự án Xây dựng Cầu Đồng Việt.",
		SigningAuth: "T/M BAN THƯỜNG VỤ", SignerTitle: "PHÓ BÍ THƯ", SignerName: "Lê Thị Thu Hồng",
		Recipients: []dondoc.Recipient{
			{Kind: dondoc.RecipientText, Text: "Các ban cán sự đảng, đảng đoàn"},
			{Kind: dondoc.RecipientUnit, RefID: p.DistrictA.ID},
			{Kind: dondoc.RecipientText, Text: "Các đồng chí Tỉnh ủy viên"},
		},
		References: append([]dondoc.Reference(nil), seedReferences...),
		Distribution: []dondoc.Distribution{
			{Text: "Như trên"}, {Text: "Ban Bí thư Trung ương Đảng", Note: "báo cáo"}, {Text: "Lưu Văn phòng Tỉnh ủy"},
		},
	}
}

// stub is a document known only from a citation.
func stub(r dondoc.Reference) dondoc.DocumentInput {
	return dondoc.DocumentInput{Type: r.Type, NumberSymbol: r.NumberSymbol, Issuer: "Tỉnh ủy", Date: r.Date, Stub: true}
}

func createDoc(t *testing.T, db *sqldb.DB, ctx context.Context, in dondoc.DocumentInput) *dondoc.Document {
	t.Helper()
	d, err := db.CreateDocument(ctx, in)
	if err != nil {
		t.Fatalf("create document %q: %v", in.NumberSymbol, err)
	}
	return d
}

func TestDocumentSeedReferencesResolve(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		stubs := map[string]int64{}
		for _, r := range seedReferences {
			d := createDoc(t, db, office, stub(r))
			if !d.Stub || d.Number == nil || d.Number.System != dondoc.SystemParty {
				t.Fatalf("stub %s = %+v", r.NumberSymbol, d)
			}
			stubs[r.NumberSymbol] = d.ID
		}
		d := createDoc(t, db, office, seedDispatch(p))
		if len(d.References) != len(seedReferences) {
			t.Fatalf("references = %+v", d.References)
		}
		for i, r := range d.References {
			if r.NumberSymbol != seedReferences[i].NumberSymbol || r.DocumentID == nil || *r.DocumentID != stubs[r.NumberSymbol] {
				t.Errorf("reference %d = %+v, want resolved to %d", i, r, stubs[r.NumberSymbol])
			}
		}
		if d.ReceivedOn != d.Date {
			t.Errorf("received_on = %q, want the document date %q", d.ReceivedOn, d.Date)
		}
		if got := d.Recipients[1]; got.Text != p.DistrictA.Name {
			t.Errorf("unit recipient text = %q, want the unit's name", got.Text)
		}
		if len(d.Distribution) != 3 || d.Distribution[1].Note != "báo cáo" {
			t.Errorf("distribution = %+v", d.Distribution)
		}
		if d.SignerName != "Lê Thị Thu Hồng" || d.Stub || d.Version != 1 {
			t.Errorf("document = %+v", d)
		}
		got, err := db.GetDocument(office, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Body != d.Body || len(got.References) != 5 || *got.References[4].DocumentID != stubs["1975-TB/TU"] {
			t.Errorf("get = %+v", got)
		}
		audit, err := db.ListAudit(office, "document", d.ID, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(audit.Items) != 1 || audit.Items[0].Action != "document.create" {
			t.Errorf("audit = %+v", audit.Items)
		}
	})
}

func TestDocumentReferenceResolvedLater(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		citing := createDoc(t, db, office, seedDispatch(p))
		for _, r := range citing.References {
			if r.DocumentID != nil {
				t.Fatalf("reference %s resolved before anything was registered", r.NumberSymbol)
			}
		}
		// The cited resolution arrives later, written with a leading zero and a "Số:" label.
		cited := createDoc(t, db, office, dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "Số: 0233-NQ/TU",
			Issuer: "Ban Chấp hành Đảng bộ tỉnh", Date: "2022-07-25", Subject: "Sắp xếp đơn vị hành chính cấp huyện, cấp xã"})
		if cited.Recipients == nil || cited.Distribution == nil || cited.References == nil {
			t.Errorf("lists of a document without them must be empty, not nil: %+v", cited)
		}
		got, err := db.GetDocument(office, citing.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got.References {
			want := r.NumberSymbol == "233-NQ/TU"
			if (r.DocumentID != nil) != want || (want && *r.DocumentID != cited.ID) {
				t.Errorf("reference %s → %v, want resolved %v to %d", r.NumberSymbol, r.DocumentID, want, cited.ID)
			}
		}
		// A reference dated in another year is another document (State numbers restart each year).
		other := createDoc(t, db, office, dondoc.DocumentInput{Type: "Kế hoạch", Issuer: "UBND tỉnh", Date: "2024-03-01",
			References: []dondoc.Reference{{NumberSymbol: "45/KH-UBND", Date: "2023-02-01"}}})
		createDoc(t, db, office, dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "45/KH-UBND", Issuer: "UBND tỉnh", Date: "2024-02-20"})
		got, err = db.GetDocument(office, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := got.References[0]; r.DocumentID != nil || r.Type != "Kế hoạch" {
			t.Errorf("reference to the 2023 plan = %+v, want unresolved with the type from its symbol", r)
		}
	})
}

func TestDocumentUpgradeStubKeepsID(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		s := createDoc(t, db, office, stub(seedReferences[0]))
		citing := createDoc(t, db, office, seedDispatch(p))
		full := createDoc(t, db, office, dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "307-NQ/TU",
			Issuer: "Tỉnh ủy Bắc Giang", Date: "2023-12-06", Subject: "Về nhiệm vụ lãnh đạo năm 2024",
			Body: "Tỉnh ủy xác định các nhiệm vụ trọng tâm năm 2024."})
		if full.ID != s.ID || full.Stub || full.Version != 2 || full.Subject != "Về nhiệm vụ lãnh đạo năm 2024" {
			t.Fatalf("upgraded = %+v, want id %d, full, version 2", full, s.ID)
		}
		got, err := db.GetDocument(office, citing.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := got.References[0]; r.DocumentID == nil || *r.DocumentID != s.ID {
			t.Errorf("reference after upgrade = %+v", r)
		}
		audit, err := db.ListAudit(office, "document", s.ID, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(audit.Items) != 2 || audit.Items[0].Action != "document.upgrade_stub" || audit.Items[1].Action != "document.create" {
			t.Errorf("audit = %+v", audit.Items)
		}
		page, err := db.ListDocuments(office, dondoc.DocumentFilter{Number: "307-NQ/TU"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 {
			t.Errorf("documents numbered 307-NQ/TU = %d, want 1", len(page.Items))
		}
		// A second stub for a number already registered would make references ambiguous.
		if _, err := db.CreateDocument(office, stub(seedReferences[0])); !dondoc.IsCode(err, dondoc.EConflict) {
			t.Errorf("stub over a registered number: err = %v, want conflict", err)
		}
	})
}

func TestDocumentDuplicate(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		plan := dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "45/KH-UBND", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-20"}
		createDoc(t, db, office, plan)
		again := plan
		again.NumberSymbol, again.Issuer, again.Date = "Số: 045/KH-UBND", "UBND TỈNH BẮC GIANG", "2024-02-21"
		_, err := db.CreateDocument(office, again)
		var de *dondoc.Error
		if !dondoc.IsCode(err, dondoc.EConflict) || !errors.As(err, &de) || de.Field != "number_symbol" {
			t.Fatalf("duplicate: err = %v, want conflict on number_symbol", err)
		}
		// The same number is another document for another issuer, or in another year.
		district := plan
		district.Issuer = "UBND huyện Yên Dũng"
		createDoc(t, db, office, district)
		nextYear := plan
		nextYear.Date = "2025-01-10"
		createDoc(t, db, office, nextYear)
		page, err := db.ListDocuments(office, dondoc.DocumentFilter{Number: "45/KH-UBND"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 3 {
			t.Errorf("documents numbered 45/KH-UBND = %d, want 3", len(page.Items))
		}
	})
}

func TestDocumentSecrecy(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		in := dondoc.DocumentInput{Type: "Báo cáo", NumberSymbol: "12-BC/TU", Issuer: "Tỉnh ủy", Date: "2024-04-01", Secrecy: "Mật"}
		_, err := db.CreateDocument(office, in)
		var de *dondoc.Error
		if !dondoc.IsCode(err, dondoc.EForbidden) || !errors.As(err, &de) || de.Field != "secrecy" {
			t.Fatalf("secret document: err = %v, want forbidden on secrecy", err)
		}
		assertNoDocuments(t, db)
		db.AllowSecret = true
		d := createDoc(t, db, office, in)
		if d.Secrecy != "Mật" {
			t.Errorf("secrecy = %q", d.Secrecy)
		}
	})
}

// assertNoDocuments fails the test if any document is stored.
func assertNoDocuments(t *testing.T, db *sqldb.DB) {
	t.Helper()
	page, err := db.ListDocuments(sqldbtest.System(), dondoc.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 {
		t.Errorf("%d documents stored, want none", len(page.Items))
	}
}

func TestDocumentSearch(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		bridge := createDoc(t, db, office, dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "88/KH-UBND", Issuer: "UBND tỉnh",
			Date: "2024-03-01", Subject: "Đẩy nhanh tiến độ dự án Xây dựng Cầu Đồng Việt"})
		resolution := createDoc(t, db, office, dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "307-NQ/TU", Issuer: "Tỉnh ủy",
			Date: "2023-12-06", Subject: "Về nhiệm vụ lãnh đạo năm 2024"})
		tests := []struct {
			q    string
			want []int64
		}{
			{"dong viet", []int64{bridge.ID}},
			{"CẦU ĐỒNG", []int64{bridge.ID}},
			{"307 nq", []int64{resolution.ID}},
			{"307-NQ/TU", []int64{resolution.ID}},
			{"2024", []int64{resolution.ID}},
			{"tinh uy", []int64{resolution.ID}},
			{"thanh hoa", nil},
		}
		for _, tt := range tests {
			page, err := db.ListDocuments(office, dondoc.DocumentFilter{Q: tt.q})
			if err != nil {
				t.Fatalf("%q: %v", tt.q, err)
			}
			var got []int64
			for _, d := range page.Items {
				got = append(got, d.ID)
			}
			if !equalIDs(got, tt.want) {
				t.Errorf("search %q = %v, want %v", tt.q, got, tt.want)
			}
		}
		// Editing re-indexes: the old subject is no longer found, the new one is.
		in := dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "88/KH-UBND", Issuer: "UBND tỉnh", Date: "2024-03-01",
			Subject: "Giải ngân vốn đầu tư công"}
		if _, err := db.UpdateDocument(office, bridge.ID, bridge.Version, in); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"dong viet": 0, "giai ngan": 1} {
			page, err := db.ListDocuments(office, dondoc.DocumentFilter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != want {
				t.Errorf("after edit, search %q found %d, want %d", q, len(page.Items), want)
			}
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDocumentBadInput(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		missing := int64(999999)
		tests := []struct {
			name, field string
			edit        func(in *dondoc.DocumentInput)
		}{
			{"bad number symbol", "number_symbol", func(in *dondoc.DocumentInput) { in.NumberSymbol = "NQ 307 TU" }},
			{"received before the date", "received_on", func(in *dondoc.DocumentInput) { in.ReceivedOn = "2024-05-01" }},
			{"unknown recipient unit", "recipients[1].ref_id", func(in *dondoc.DocumentInput) { in.Recipients[1].RefID = missing }},
			{"unknown issuer unit", "issuer_unit_id", func(in *dondoc.DocumentInput) { in.IssuerUnitID = &missing }},
			{"unknown recipient person", "recipients[0].ref_id", func(in *dondoc.DocumentInput) {
				in.Recipients[0] = dondoc.Recipient{Kind: dondoc.RecipientPerson, RefID: missing}
			}},
			{"bad reference", "references[2].number_symbol", func(in *dondoc.DocumentInput) { in.References[2].NumberSymbol = "26 CT" }},
			{"body too long", "body", func(in *dondoc.DocumentInput) { in.Body = strings.Repeat("a", dondoc.MaxBodyText+1) }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := seedDispatch(p)
				tt.edit(&in)
				_, err := db.CreateDocument(office, in)
				var de *dondoc.Error
				if !dondoc.IsCode(err, dondoc.EInvalid) || !errors.As(err, &de) || de.Field != tt.field {
					t.Fatalf("err = %v, want invalid %s", err, tt.field)
				}
				assertNoDocuments(t, db)
			})
		}
	})
}

func TestDocumentPermissionsAndStale(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		leader := sqldbtest.As(2, dondoc.RoleLeader, p.Root)
		officer := sqldbtest.As(3, dondoc.RoleUnitOfficer, p.CommuneB)
		admin := sqldbtest.As(4, dondoc.RoleAdmin, p.Root)

		if _, err := db.CreateDocument(officer, seedDispatch(p)); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Fatalf("officer registers: err = %v, want forbidden", err)
		}
		d := createDoc(t, db, leader, seedDispatch(p))
		// Documents go to many units: an officer of any commune reads them; an admin alone does not.
		if _, err := db.GetDocument(officer, d.ID); err != nil {
			t.Errorf("officer reads: %v", err)
		}
		if _, err := db.GetDocument(admin, d.ID); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("admin reads: err = %v, want not found", err)
		}
		if page, err := db.ListDocuments(admin, dondoc.DocumentFilter{}); err != nil || len(page.Items) != 0 {
			t.Errorf("admin lists: %v, %v", page, err)
		}
		if _, err := db.UpdateDocument(officer, d.ID, d.Version, seedDispatch(p)); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("officer edits: err = %v, want forbidden", err)
		}
		in := seedDispatch(p)
		in.Subject = "Sửa trích yếu"
		upd, err := db.UpdateDocument(office, d.ID, d.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if upd.Version != d.Version+1 || upd.Subject != "Sửa trích yếu" {
			t.Errorf("updated = %+v", upd)
		}
		if _, err := db.UpdateDocument(office, d.ID, d.Version, in); !dondoc.IsCode(err, dondoc.EStale) {
			t.Errorf("stale edit: err = %v, want stale", err)
		}
		in.Stub, in.NumberSymbol = true, "9-CV/TU"
		if _, err := db.UpdateDocument(office, d.ID, upd.Version, in); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Errorf("full document back to stub: err = %v, want invalid", err)
		}
		if _, err := db.UpdateDocument(office, 987654, 1, seedDispatch(p)); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("edit a missing document: err = %v, want not found", err)
		}
	})
}

func TestDocumentRenumberReresolves(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		// The clerk mistypes 316 as 317; the dispatch citing 316 stays unresolved until it is fixed.
		in := dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "317-NQ/TU", Issuer: "Ban Thường vụ Tỉnh ủy", Date: "2023-12-29"}
		wrong := createDoc(t, db, office, in)
		citing := createDoc(t, db, office, seedDispatch(p))
		if r := citing.References[1]; r.DocumentID != nil {
			t.Fatalf("316-NQ/TU resolved to %d before it exists", *r.DocumentID)
		}
		cites317 := createDoc(t, db, office, dondoc.DocumentInput{Type: "Công văn", Issuer: "Huyện ủy Yên Dũng", Date: "2024-01-05",
			References: []dondoc.Reference{{NumberSymbol: "317-NQ/TU"}}})
		if r := cites317.References[0]; r.DocumentID == nil || *r.DocumentID != wrong.ID {
			t.Fatalf("317-NQ/TU reference = %+v", r)
		}
		in.NumberSymbol = "316-NQ/TU"
		if _, err := db.UpdateDocument(office, wrong.ID, wrong.Version, in); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetDocument(office, citing.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := got.References[1]; r.DocumentID == nil || *r.DocumentID != wrong.ID {
			t.Errorf("316-NQ/TU after renumbering = %+v, want %d", r, wrong.ID)
		}
		got, err = db.GetDocument(office, cites317.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := got.References[0]; r.DocumentID != nil {
			t.Errorf("317-NQ/TU after renumbering still resolves to %d", *r.DocumentID)
		}
	})
}

func TestDocumentListFiltersAndPages(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		var ids []int64
		for _, r := range seedReferences {
			ids = append(ids, createDoc(t, db, office, stub(r)).ID)
		}
		// Newest first: 316 (2023-12-29), 307 (2023-12-06), 1975 (2023-10-13), 26 (2023-06-02), 233 (2022-07-25).
		want := []int64{ids[1], ids[0], ids[4], ids[2], ids[3]}
		var got []int64
		cursor := ""
		for pages := 0; ; pages++ {
			page, err := db.ListDocuments(office, dondoc.DocumentFilter{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range page.Items {
				got = append(got, d.ID)
			}
			if page.NextCursor == "" || pages > 5 {
				break
			}
			cursor = page.NextCursor
		}
		if !equalIDs(got, want) {
			t.Errorf("pages = %v, want %v", got, want)
		}
		tests := []struct {
			name string
			f    dondoc.DocumentFilter
			want []int64
		}{
			{"type", dondoc.DocumentFilter{Type: "Nghị quyết"}, []int64{ids[1], ids[0], ids[3]}},
			{"number as printed", dondoc.DocumentFilter{Number: "Số: 26-CT/TU"}, []int64{ids[2]}},
			{"dates", dondoc.DocumentFilter{From: "2023-06-02", To: "2023-12-06"}, []int64{ids[0], ids[4], ids[2]}},
			{"type and query", dondoc.DocumentFilter{Type: "Nghị quyết", Q: "316"}, []int64{ids[1]}},
		}
		for _, tt := range tests {
			page, err := db.ListDocuments(office, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []int64
			for _, d := range page.Items {
				got = append(got, d.ID)
			}
			if !equalIDs(got, tt.want) {
				t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
			}
		}
		bad := []struct {
			f     dondoc.DocumentFilter
			field string
		}{
			{dondoc.DocumentFilter{Cursor: "%%%"}, "cursor"},
			{dondoc.DocumentFilter{From: "2024-02-30"}, "from"},
			{dondoc.DocumentFilter{From: "2024-02-01", To: "2024-01-01"}, "to"},
			{dondoc.DocumentFilter{Number: "///"}, "number"},
		}
		for _, b := range bad {
			_, err := db.ListDocuments(office, b.f)
			var de *dondoc.Error
			if !dondoc.IsCode(err, dondoc.EInvalid) || !errors.As(err, &de) || de.Field != b.field {
				t.Errorf("filter %+v: err = %v, want invalid %s", b.f, err, b.field)
			}
		}
	})
}

func TestDocumentByNumber(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		s := createDoc(t, db, office, stub(seedReferences[2]))
		d, err := db.DocumentByNumber(office, "Số: 026-ct/tu")
		if err != nil {
			t.Fatal(err)
		}
		if d.ID != s.ID {
			t.Errorf("by number = %d, want %d", d.ID, s.ID)
		}
		for _, n := range []string{"27-CT/TU", "", "Số:"} {
			if _, err := db.DocumentByNumber(office, n); !dondoc.IsCode(err, dondoc.ENotFound) {
				t.Errorf("by number %q: err = %v, want not found", n, err)
			}
		}
	})
}

func TestDocumentConcurrentDuplicates(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-07")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		plan := dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "45/KH-UBND", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-20"}
		const clerks = 8
		errs := make(chan error, clerks)
		var wg sync.WaitGroup
		for range clerks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.CreateDocument(office, plan)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		created := 0
		for err := range errs {
			switch {
			case err == nil:
				created++
			case !dondoc.IsCode(err, dondoc.EConflict):
				t.Errorf("concurrent registration: %v", err)
			}
		}
		if created != 1 {
			t.Errorf("%d of %d concurrent registrations succeeded, want 1", created, clerks)
		}
	})
}
