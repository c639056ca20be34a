package sqldb_test

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// orgField fails the test unless err is an invalid-input error naming field.
func orgField(t *testing.T, name string, err error, field string) {
	t.Helper()
	if !dondoc.IsCode(err, dondoc.EInvalid) {
		t.Errorf("%s: err = %v, want invalid %s", name, err, field)
		return
	}
	if got := err.(*dondoc.Error).Field; got != field {
		t.Errorf("%s: field = %q, want %q (%v)", name, got, field, err)
	}
}

// unitNames lists the names of every unit under parent, walking the pages.
func unitNames(t *testing.T, db *sqldb.DB, f dondoc.UnitFilter) []string {
	t.Helper()
	var names []string
	for {
		page, err := db.ListUnits(sqldbtest.System(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.Items {
			names = append(names, u.Name)
		}
		if page.NextCursor == "" {
			return names
		}
		f.Cursor = page.NextCursor
	}
}

func TestUnitTreeAndPaths(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		id := func(u *dondoc.Unit) string { return strconv.FormatInt(u.ID, 10) }
		for _, tc := range []struct {
			unit   *dondoc.Unit
			path   string
			parent *dondoc.Unit
		}{
			{p.Root, "/" + id(p.Root) + "/", nil},
			{p.DistrictA, "/" + id(p.Root) + "/" + id(p.DistrictA) + "/", p.Root},
			{p.CommuneA, "/" + id(p.Root) + "/" + id(p.DistrictA) + "/" + id(p.CommuneA) + "/", p.DistrictA},
			{p.CommuneB, "/" + id(p.Root) + "/" + id(p.DistrictB) + "/" + id(p.CommuneB) + "/", p.DistrictB},
		} {
			got, err := db.GetUnit(sqldbtest.As(9, dondoc.RoleViewer, p.CommuneB), tc.unit.ID)
			if err != nil {
				t.Fatalf("%s: %v", tc.unit.Name, err)
			}
			if got.Path != tc.path {
				t.Errorf("%s: path = %q, want %q", got.Name, got.Path, tc.path)
			}
			if (tc.parent == nil) != (got.ParentID == nil) || (tc.parent != nil && *got.ParentID != tc.parent.ID) {
				t.Errorf("%s: parent = %v", got.Name, got.ParentID)
			}
		}
		parent := p.Root.ID
		names := unitNames(t, db, dondoc.UnitFilter{ParentID: &parent})
		want := []string{"Huyện Lạng Giang", "Huyện Yên Dũng", "Sở Tài chính", "Văn phòng Tỉnh ủy"}
		if !equalStrings(names, want) {
			t.Errorf("children of the root = %v, want %v", names, want)
		}
		if _, err := db.GetUnit(sqldbtest.System(), 987654); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Errorf("unknown unit: err = %v, want not found", err)
		}
	})
}

func equalStrings(a, b []string) bool {
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

func TestListUnitsVietnameseOrder(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		root := sqldbtest.Unit(t, db, nil, dondoc.KindProvince, "Việt Nam")
		want := []string{"An", "Ăn", "Ân", "Bạc Liêu", "Bình Dương", "Cà Mau", "Dak Lak", "Đà Nẵng", "Điện Biên"}
		shuffled := append([]string(nil), want...)
		rand.New(rand.NewPCG(7, 11)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if equalStrings(shuffled, want) {
			shuffled[0], shuffled[len(shuffled)-1] = shuffled[len(shuffled)-1], shuffled[0]
		}
		for _, n := range shuffled {
			sqldbtest.Unit(t, db, root, dondoc.KindDistrict, n)
		}
		for _, limit := range []int{0, 2, 4} {
			got := unitNames(t, db, dondoc.UnitFilter{ParentID: &root.ID, Limit: limit})
			if !equalStrings(got, want) {
				t.Errorf("limit %d: order = %v, want %v", limit, got, want)
			}
		}
	})
}

func TestListUnitsSearchAndFilters(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		ended := dondoc.UnitInput{ParentID: &p.DistrictB.ID, Kind: dondoc.KindCommune, Name: "Xã Đồng Sơn", ValidTo: "2024-12-31"}
		if _, err := db.CreateUnit(sqldbtest.System(), ended); err != nil {
			t.Fatal(err)
		}
		viewer := sqldbtest.As(5, dondoc.RoleUnitOfficer, p.CommuneB)
		for _, tc := range []struct {
			name string
			f    dondoc.UnitFilter
			want []string
		}{
			{"folded query", dondoc.UnitFilter{Q: "dong viet"}, []string{"Xã Đồng Việt"}},
			{"upper case with marks", dondoc.UnitFilter{Q: "ĐỒNG VIỆT"}, []string{"Xã Đồng Việt"}},
			{"word prefixes in any order", dondoc.UnitFilter{Q: "vi xa"}, []string{"Xã Đồng Việt"}},
			{"prefix of one word", dondoc.UnitFilter{Q: "dong"}, []string{"Xã Đồng Sơn", "Xã Đồng Việt"}},
			{"not a word prefix", dondoc.UnitFilter{Q: "ong"}, nil},
			{"kind", dondoc.UnitFilter{Kind: dondoc.KindDistrict}, []string{"Huyện Lạng Giang", "Huyện Yên Dũng"}},
			{"as of a date after one ended", dondoc.UnitFilter{Kind: dondoc.KindCommune, AsOf: "2025-01-01"}, []string{"Xã Đồng Việt", "Xã Tân Thanh"}},
			{"as of a date before", dondoc.UnitFilter{Kind: dondoc.KindCommune, AsOf: "2024-12-31"}, []string{"Xã Đồng Sơn", "Xã Đồng Việt", "Xã Tân Thanh"}},
		} {
			page, err := db.ListUnits(viewer, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var got []string
			for _, u := range page.Items {
				got = append(got, u.Name)
			}
			if !equalStrings(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		_, err := db.ListUnits(viewer, dondoc.UnitFilter{Kind: "planet"})
		orgField(t, "bad kind filter", err, "kind")
		_, err = db.ListUnits(viewer, dondoc.UnitFilter{Cursor: "%%%"})
		orgField(t, "bad cursor", err, "cursor")
	})
}

func TestUnitPermissions(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		under := func(parent *dondoc.Unit) dondoc.UnitInput {
			return dondoc.UnitInput{ParentID: &parent.ID, Kind: dondoc.KindCommune, Name: "Xã Mới"}
		}
		for _, tc := range []struct {
			name string
			ctx  dondoc.Role
			at   *dondoc.Unit
			in   dondoc.UnitInput
			ok   bool
		}{
			{"unit officer", dondoc.RoleUnitOfficer, p.DistrictA, under(p.DistrictA), false},
			{"office", dondoc.RoleOffice, p.Root, under(p.DistrictA), false},
			{"admin of another district", dondoc.RoleAdmin, p.DistrictB, under(p.DistrictA), false},
			{"admin creating a root", dondoc.RoleAdmin, p.Root, dondoc.UnitInput{Kind: dondoc.KindProvince, Name: "Tỉnh Mới"}, false},
			{"admin of the district", dondoc.RoleAdmin, p.DistrictA, under(p.DistrictA), true},
		} {
			_, err := db.CreateUnit(sqldbtest.As(7, tc.ctx, tc.at), tc.in)
			if tc.ok && err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			if !tc.ok && !dondoc.IsCode(err, dondoc.EForbidden) {
				t.Errorf("%s: err = %v, want forbidden", tc.name, err)
			}
		}
		if got := unitNames(t, db, dondoc.UnitFilter{Q: "xa moi"}); len(got) != 1 {
			t.Errorf("units named Xã Mới: %v, want exactly the admin's one", got)
		}
		in := dondoc.UnitInput{ParentID: &p.Root.ID, Kind: dondoc.KindDistrict, Name: "Huyện Yên Dũng mới"}
		if _, err := db.UpdateUnit(sqldbtest.As(7, dondoc.RoleAdmin, p.DistrictB), p.DistrictA.ID, p.DistrictA.Version, in); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Errorf("admin of another district renames: err = %v, want forbidden", err)
		}
	})
}

func TestUpdateUnit(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		admin := sqldbtest.As(1, dondoc.RoleAdmin, p.Root)
		in := dondoc.UnitInput{ParentID: &p.Root.ID, Kind: dondoc.KindDepartment, Name: "Sở Tài chính tỉnh", ShortName: "STC"}
		u, err := db.UpdateUnit(admin, p.Department.ID, p.Department.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != in.Name || u.Version != p.Department.Version+1 {
			t.Errorf("updated = %+v", u)
		}
		in.Name = "Sở Tài chính cũ"
		if _, err := db.UpdateUnit(admin, p.Department.ID, p.Department.Version, in); !dondoc.IsCode(err, dondoc.EStale) {
			t.Errorf("stale update: err = %v, want stale", err)
		}
		in.ParentID = &p.DistrictA.ID
		_, err = db.UpdateUnit(admin, p.Department.ID, u.Version, in)
		orgField(t, "move by update", err, "parent_id")
		got, _ := db.GetUnit(admin, p.Department.ID)
		if got.Name != "Sở Tài chính tỉnh" || got.Version != u.Version {
			t.Errorf("refused updates changed the unit: %+v", got)
		}
		if got := unitNames(t, db, dondoc.UnitFilter{Q: "stc"}); !equalStrings(got, []string{"Sở Tài chính tỉnh"}) {
			t.Errorf("search by the new short name: %v", got)
		}
	})
}

func TestCreateUnitBadInput(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		p := sqldbtest.NewProvince(t, db)
		missing := int64(424242)
		for _, tc := range []struct {
			name  string
			in    dondoc.UnitInput
			field string
		}{
			{"no name", dondoc.UnitInput{ParentID: &p.Root.ID, Kind: dondoc.KindDistrict, Name: "  "}, "name"},
			{"unknown kind", dondoc.UnitInput{ParentID: &p.Root.ID, Kind: "planet", Name: "Sao Hỏa"}, "kind"},
			{"unknown parent", dondoc.UnitInput{ParentID: &missing, Kind: dondoc.KindDistrict, Name: "Huyện Ma"}, "parent_id"},
			{"bad date", dondoc.UnitInput{ParentID: &p.Root.ID, Kind: dondoc.KindDistrict, Name: "Huyện X", ValidFrom: "2024-02-30"}, "valid_from"},
			{"ends before it starts", dondoc.UnitInput{ParentID: &p.Root.ID, Kind: dondoc.KindDistrict, Name: "Huyện X", ValidFrom: "2025-01-01", ValidTo: "2024-01-01"}, "valid_to"},
			{"code too long", dondoc.UnitInput{ParentID: &p.Root.ID, Kind: dondoc.KindDistrict, Name: "Huyện X", Code: "0123456789012345678901"}, "code"},
		} {
			_, err := db.CreateUnit(sqldbtest.System(), tc.in)
			orgField(t, tc.name, err, tc.field)
		}
		if got := unitNames(t, db, dondoc.UnitFilter{}); len(got) != 7 {
			t.Errorf("bad input left %d units, want the 7 of the province", len(got))
		}
	})
}
