package docparse_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"dondoc"
	"dondoc/internal/demo"
	"dondoc/internal/docparse"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// listRegistry is a registry made by hand.
type listRegistry struct {
	units  []dondoc.Unit
	groups []dondoc.UnitGroup
	err    error
}

func (r listRegistry) Units(context.Context) ([]dondoc.Unit, error)       { return r.units, r.err }
func (r listRegistry) Groups(context.Context) ([]dondoc.UnitGroup, error) { return r.groups, nil }

func handRegistry() listRegistry {
	return listRegistry{
		units: []dondoc.Unit{
			{ID: 1, Kind: dondoc.KindProvince, Name: "Tỉnh Hà Nam"},
			{ID: 2, Kind: dondoc.KindPeoplesCommittee, Name: "Ủy ban nhân dân tỉnh Hà Nam", ShortName: "UBND tỉnh"},
			{ID: 3, Kind: dondoc.KindPeoplesCouncil, Name: "Hội đồng nhân dân tỉnh Hà Nam", ShortName: "HĐND tỉnh"},
			{ID: 4, Kind: dondoc.KindDepartment, Name: "Sở Kế hoạch và Đầu tư", ShortName: "SKHĐT"},
			{ID: 5, Kind: dondoc.KindDepartment, Name: "Sở Tài nguyên và Môi trường"},
			{ID: 6, Kind: dondoc.KindMassOrg, Name: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Nam", ShortName: "Ủy ban MTTQ tỉnh"},
			{ID: 7, Kind: dondoc.KindCommune, Name: "Xã An Lão"},
			{ID: 8, Kind: dondoc.KindCommune, Name: "Phường Lam Hạ"},
			// Two units with the same short name: a phrase naming it must not be guessed.
			{ID: 9, Kind: dondoc.KindOffice, Name: "Văn phòng Tỉnh ủy", ShortName: "Văn phòng"},
			{ID: 10, Kind: dondoc.KindOffice, Name: "Văn phòng UBND tỉnh", ShortName: "Văn phòng"},
		},
		groups: []dondoc.UnitGroup{
			{ID: 100, Name: "Các sở, ban, ngành tỉnh", UnitIDs: []int64{4, 5}},
			{ID: 101, Name: "UBND các xã, phường, thị trấn", UnitIDs: []int64{7, 8}},
			{ID: 102, Name: "Các xã, phường vùng lũ", UnitIDs: []int64{8}},
		},
	}
}

func TestResolvePhrases(t *testing.T) {
	r, err := docparse.NewResolver(context.Background(), handRegistry())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		phrase     string
		resolved   bool
		units      []int64
		group      int64
		candidates []int64
	}{
		{phrase: "Ủy ban nhân dân tỉnh Hà Nam", resolved: true, units: []int64{2}},
		{phrase: "UBND tỉnh", resolved: true, units: []int64{2}},
		{phrase: "uy ban nhan dan tinh", resolved: true, units: []int64{2}},
		{phrase: "HĐND tỉnh", resolved: true, units: []int64{3}},
		{phrase: "Hội đồng nhân dân tỉnh", resolved: true, units: []int64{3}},
		{phrase: "Sở KH&ĐT", resolved: true, units: []int64{4}},
		{phrase: "Sở Kế hoạch và Đầu tư tỉnh", resolved: true, units: []int64{4}},
		{phrase: "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", resolved: true, units: []int64{4}},
		{phrase: "Sở TN&MT", resolved: true, units: []int64{5}},
		{phrase: "Ủy ban MTTQ tỉnh", resolved: true, units: []int64{6}},
		{phrase: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Nam", resolved: true, units: []int64{6}},
		{phrase: "các sở, ban, ngành", resolved: true, units: []int64{4, 5}, group: 100},
		{phrase: "Các sở, ban, ngành tỉnh", resolved: true, units: []int64{4, 5}, group: 100},
		{phrase: "UBND các xã, phường", resolved: true, units: []int64{7, 8}, group: 101},
		{phrase: "Ủy ban nhân dân các xã, phường, thị trấn", resolved: true, units: []int64{7, 8}, group: 101},
		{phrase: "Văn phòng", candidates: []int64{9, 10}},
		{phrase: "các xã, phường", candidates: []int64{7, 8}},
		{phrase: "Sở Y tế"},
		{phrase: "UBND"},
		{phrase: "các xã"},
		{phrase: "các cấp ủy, tổ chức đảng, cơ quan, đơn vị"},
		{phrase: ""},
	}
	for _, tt := range tests {
		t.Run(tt.phrase, func(t *testing.T) {
			span := docparse.Span{Start: 10, End: 10 + len(tt.phrase)}
			got := r.Phrase(docparse.Item{Text: tt.phrase, Span: span})
			if got.Text != tt.phrase || got.Span != span {
				t.Errorf("phrase kept as %q %v, want it verbatim with its span", got.Text, got.Span)
			}
			if got.Resolved != tt.resolved || !slices.Equal(got.UnitIDs, orEmpty(tt.units)) || got.GroupID != tt.group ||
				!slices.Equal(got.Candidates, tt.candidates) {
				t.Errorf("got resolved %v units %v group %d candidates %v; want %v %v %d %v",
					got.Resolved, got.UnitIDs, got.GroupID, got.Candidates, tt.resolved, tt.units, tt.group, tt.candidates)
			}
			if tt.resolved != (got.Confidence > 0) {
				t.Errorf("confidence %v for resolved %v", got.Confidence, got.Resolved)
			}
		})
	}
}

func orEmpty(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// TestResolveDraft checks that a group lead proposes one child per member, that coordinating
// phrases are resolved too, and that an unknown phrase is kept rather than dropped.
func TestResolveDraft(t *testing.T) {
	r, err := docparse.NewResolver(context.Background(), handRegistry())
	if err != nil {
		t.Fatal(err)
	}
	d := &docparse.Draft{Tasks: []docparse.Task{
		{Lead: []docparse.Item{{Text: "Các sở, ban, ngành", Span: docparse.Span{Start: 0, End: 22}}},
			Coordinate: []docparse.Item{{Text: "UBND các xã, phường"}, {Text: "Đài Phát thanh"}}},
		{Lead: []docparse.Item{{Text: "Sở KH&ĐT"}, {Text: "Ban Quản lý dự án"}}},
	}}
	got := r.Resolve(d)
	if len(got) != 2 {
		t.Fatalf("%d task resolutions, want 2", len(got))
	}
	if c := got[0].Children; len(c) != 2 || c[0].UnitID != 4 || c[0].Name != "Sở Kế hoạch và Đầu tư" || c[1].UnitID != 5 ||
		c[0].Span != (docparse.Span{Start: 0, End: 22}) {
		t.Errorf("children of a group lead = %+v", c)
	}
	if co := got[0].Coordinate; len(co) != 2 || co[0].GroupID != 101 || co[1].Resolved || co[1].Text != "Đài Phát thanh" {
		t.Errorf("coordinating resolutions = %+v", co)
	}
	if l := got[1].Lead; got[1].Task != 1 || len(l) != 2 || !l[0].Resolved || l[1].Resolved || l[1].Text != "Ban Quản lý dự án" ||
		len(got[1].Children) != 0 {
		t.Errorf("second task = %+v", got[1])
	}
}

func TestResolverRegistryError(t *testing.T) {
	boom := errors.New("registry down")
	if _, err := docparse.NewResolver(context.Background(), listRegistry{err: boom}); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the registry's error", err)
	}
}

// TestResolveDemoProvince resolves phrases against the demo province read through the storage
// layer, as the server and `dondoc ingest --db` do.
func TestResolveDemoProvince(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := dondoc.WithActor(context.Background(), dondoc.SystemActor)
		if err := db.FastLoad(ctx, func() error {
			_, err := demo.Load(ctx, db, db.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		reg := docparse.OrgRegistry{Org: db, AsOf: "2024-05-06"}
		units, err := reg.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		id := map[string]int64{}
		for _, u := range units {
			id[u.Name] = u.ID
		}
		groups, err := reg.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		gid := map[string]int64{}
		for _, g := range groups {
			gid[g.Name] = g.ID
		}
		r, err := docparse.NewResolver(ctx, reg)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			phrase string
			unit   string
			group  string
		}{
			{phrase: "Sở KH&ĐT", unit: "Sở Kế hoạch và Đầu tư"},
			{phrase: "Ủy ban nhân dân tỉnh", unit: "UBND tỉnh Bắc Giang"},
			{phrase: "UBND tỉnh Bắc Giang", unit: "UBND tỉnh Bắc Giang"},
			{phrase: "Sở LĐ-TB&XH", unit: "Sở Lao động - Thương binh và Xã hội"},
			{phrase: "Sở Tài chính tỉnh", unit: "Sở Tài chính"},
			{phrase: "Ủy ban MTTQ tỉnh", unit: "Ủy ban MTTQ Việt Nam tỉnh Bắc Giang"},
			{phrase: "Ban Tuyên giáo Tỉnh ủy", unit: "Ban Tuyên giáo Tỉnh ủy"},
			{phrase: "các sở, ban, ngành", group: "Các sở, ban, ngành tỉnh"},
			{phrase: "UBND các xã, phường", group: "UBND các xã, phường, thị trấn"},
			{phrase: "Các huyện ủy, thị ủy, thành ủy", group: "Các huyện ủy, thị ủy, thành ủy"},
			{phrase: "Sở Y tế"},
		}
		for _, tt := range tests {
			got := r.Phrase(docparse.Item{Text: tt.phrase})
			switch {
			case tt.unit != "":
				if want := id[tt.unit]; want == 0 || !got.Resolved || !slices.Equal(got.UnitIDs, []int64{want}) {
					t.Errorf("%q → %+v, want unit %d (%s)", tt.phrase, got, want, tt.unit)
				}
			case tt.group != "":
				if want := gid[tt.group]; want == 0 || !got.Resolved || got.GroupID != want || len(got.UnitIDs) == 0 {
					t.Errorf("%q → %+v, want group %d (%s)", tt.phrase, got, want, tt.group)
				}
			default:
				if got.Resolved || got.Text != tt.phrase {
					t.Errorf("%q → %+v, want it unresolved and verbatim", tt.phrase, got)
				}
			}
		}
	})
}
