package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// filterDocs registers documents of both systems, several issuers and years, with open, draft and
// no tasks, for the list filters to tell apart.
type filterDocs struct {
	party, state, noNumber, citing, oldState *dondoc.Document
}

func newFilterDocs(t *testing.T, db *sqldb.DB, p *sqldbtest.Province, office context.Context) filterDocs {
	t.Helper()
	var d filterDocs
	d.party = createDoc(t, db, office, dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "05-NQ/TU", Issuer: "Tỉnh ủy Bắc Giang", Date: "2023-03-01"})
	d.state = createDoc(t, db, office, dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "12/KH-UBND", Issuer: "UBND tỉnh Bắc Giang", Date: "2024-02-01"})
	d.noNumber = createDoc(t, db, office, dondoc.DocumentInput{Type: "Công văn", Issuer: "Sở Tài chính", Date: "2024-03-01"})
	d.citing = createDoc(t, db, office, dondoc.DocumentInput{Type: "Công văn", NumberSymbol: "30/UBND-TH", Issuer: "ỦY BAN NHÂN DÂN HUYỆN YÊN DŨNG",
		Date: "2024-04-01", References: []dondoc.Reference{{NumberSymbol: "12/KH-UBND", Date: "2024-02-01"}}})
	d.oldState = createDoc(t, db, office, dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "7/KH-UBND", Issuer: "UBND tỉnh Bắc Giang", Date: "2022-06-01"})
	// An open task led by district A on the plan; a draft (not open) task on the resolution.
	if _, err := db.CreateTask(office, dondoc.TaskInput{DocumentID: &d.state.ID, Title: "Triển khai kế hoạch", LeadUnitID: p.DistrictA.ID,
		AssignerUnitID: p.Office.ID, Assign: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateTask(office, dondoc.TaskInput{DocumentID: &d.party.ID, Title: "Quán triệt nghị quyết", LeadUnitID: p.DistrictA.ID,
		AssignerUnitID: p.Office.ID}); err != nil {
		t.Fatal(err)
	}
	return d
}

func docIDs(page *dondoc.Page[dondoc.Document]) []int64 {
	var ids []int64
	for _, d := range page.Items {
		ids = append(ids, d.ID)
	}
	return ids
}

func TestDocumentListFilters(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		d := newFilterDocs(t, db, p, office)
		inA := sqldbtest.As(2, dondoc.RoleViewer, p.DistrictA)
		inB := sqldbtest.As(3, dondoc.RoleViewer, p.DistrictB)
		for _, c := range []struct {
			name string
			ctx  context.Context
			f    dondoc.DocumentFilter
			want []*dondoc.Document
		}{
			{"all", office, dondoc.DocumentFilter{}, []*dondoc.Document{d.citing, d.noNumber, d.state, d.party, d.oldState}},
			{"party", office, dondoc.DocumentFilter{System: dondoc.SystemParty}, []*dondoc.Document{d.party}},
			{"state", office, dondoc.DocumentFilter{System: dondoc.SystemState}, []*dondoc.Document{d.citing, d.state, d.oldState}},
			{"issuer without accents", office, dondoc.DocumentFilter{Issuer: "ubnd TINH bac giang"}, []*dondoc.Document{d.state, d.oldState}},
			{"issuer in capitals", office, dondoc.DocumentFilter{Issuer: "ủy ban nhân dân huyện"}, []*dondoc.Document{d.citing}},
			{"issuer inside a word", office, dondoc.DocumentFilter{Issuer: "ai chin"}, []*dondoc.Document{d.noNumber}},
			{"issuer wildcard is literal", office, dondoc.DocumentFilter{Issuer: "%"}, []*dondoc.Document{d.citing, d.noNumber, d.state, d.party, d.oldState}},
			{"year", office, dondoc.DocumentFilter{Year: 2024}, []*dondoc.Document{d.citing, d.noNumber, d.state}},
			{"year and system", office, dondoc.DocumentFilter{Year: 2022, System: dondoc.SystemState}, []*dondoc.Document{d.oldState}},
			{"open tasks", office, dondoc.DocumentFilter{OpenTasks: true}, []*dondoc.Document{d.state}},
			{"open tasks the lead unit sees", inA, dondoc.DocumentFilter{OpenTasks: true}, []*dondoc.Document{d.state}},
			{"open tasks elsewhere", inB, dondoc.DocumentFilter{OpenTasks: true}, nil},
			{"cites", office, dondoc.DocumentFilter{Cites: d.state.ID}, []*dondoc.Document{d.citing}},
			{"cited by nobody", office, dondoc.DocumentFilter{Cites: d.party.ID}, nil},
			{"all together", office, dondoc.DocumentFilter{System: dondoc.SystemState, Issuer: "tinh", Year: 2024, OpenTasks: true}, []*dondoc.Document{d.state}},
		} {
			t.Run(c.name, func(t *testing.T) {
				var want []int64
				for _, w := range c.want {
					want = append(want, w.ID)
				}
				page, err := db.ListDocuments(c.ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if got := docIDs(page); !slices.Equal(got, want) {
					t.Errorf("ids = %v, want %v", got, want)
				}
				// Page by one: the keyset cursor carries on within the filter.
				var got []int64
				f := c.f
				f.Limit = 1
				for i := 0; i < 10; i++ {
					page, err := db.ListDocuments(c.ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, docIDs(page)...)
					if page.NextCursor == "" {
						break
					}
					f.Cursor = page.NextCursor
				}
				if !slices.Equal(got, want) {
					t.Errorf("paged ids = %v, want %v", got, want)
				}
			})
		}
		for _, c := range []struct {
			f     dondoc.DocumentFilter
			field string
		}{
			{dondoc.DocumentFilter{System: "church"}, "system"},
			{dondoc.DocumentFilter{Year: 1800}, "year"},
			{dondoc.DocumentFilter{Year: 20245}, "year"},
			{dondoc.DocumentFilter{Cites: -1}, "cites"},
		} {
			_, err := db.ListDocuments(office, c.f)
			var e *dondoc.Error
			if !dondoc.IsCode(err, dondoc.EInvalid) || !asError(err, &e) || e.Field != c.field {
				t.Errorf("%+v: err = %v, want invalid %s", c.f, err, c.field)
			}
		}
	})
}

// The filter columns follow edits: a document renumbered from the State system to the Party's and
// given another issuer is found under the new ones only; Migrate fills a folded issuer left empty.
func TestDocumentFilterColumnsFollowEditsAndBackfill(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		fixNow(db, "2024-05-06")
		p := sqldbtest.NewProvince(t, db)
		office := sqldbtest.As(1, dondoc.RoleOffice, p.Root)
		doc := createDoc(t, db, office, dondoc.DocumentInput{Type: "Kế hoạch", NumberSymbol: "12/KH-UBND", Issuer: "UBND tỉnh", Date: "2024-02-01"})
		in := dondoc.DocumentInput{Type: "Nghị quyết", NumberSymbol: "05-NQ/TU", Issuer: "Tỉnh ủy Bắc Giang", Date: "2024-02-01"}
		if _, err := db.UpdateDocument(office, doc.ID, doc.Version, in); err != nil {
			t.Fatal(err)
		}
		count := func(f dondoc.DocumentFilter) int {
			t.Helper()
			page, err := db.ListDocuments(office, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(page.Items)
		}
		if n := count(dondoc.DocumentFilter{System: dondoc.SystemState}); n != 0 {
			t.Errorf("state documents after renumbering = %d, want 0", n)
		}
		if n := count(dondoc.DocumentFilter{System: dondoc.SystemParty, Issuer: "tinh uy"}); n != 1 {
			t.Errorf("party documents of tinh uy = %d, want 1", n)
		}
		if n := count(dondoc.DocumentFilter{Issuer: "ubnd"}); n != 0 {
			t.Errorf("documents of the old issuer = %d, want 0", n)
		}
		if err := sqldb.ForgetFoldedIssuers(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		if n := count(dondoc.DocumentFilter{Issuer: "tinh uy"}); n != 0 {
			t.Fatalf("found %d before the backfill; the test cannot tell it worked", n)
		}
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := count(dondoc.DocumentFilter{Issuer: "tinh uy"}); n != 1 {
			t.Errorf("after Migrate found %d, want 1", n)
		}
	})
}
