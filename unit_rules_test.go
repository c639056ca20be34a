package dondoc

import "testing"

func TestTargetFollowsChange(t *testing.T) {
	for _, tc := range []struct {
		period string
		want   bool
	}{
		{"2025", false},
		{"2026", true},
		{"2025-06", false},
		{"2025-07", true},
		{"2025-Q2", false},
		{"2025-Q3", true},
		{"2025-H1", false},
		{"2025-H2", true},
		{"2021-2025", false},
		{"2026-2030", true},
		{"2025-Q5", false},
		{"", false},
	} {
		if got := TargetFollowsChange(tc.period, "2025-07-01"); got != tc.want {
			t.Errorf("TargetFollowsChange(%q) = %v, want %v", tc.period, got, tc.want)
		}
	}
}

func TestChangeMovesTasks(t *testing.T) {
	for _, tc := range []struct {
		c    UnitChange
		want bool
	}{
		{UnitChange{Kind: ChangeMerge, Successors: []int64{3}}, true},
		{UnitChange{Kind: ChangeSplit, Successors: []int64{3}}, true},
		{UnitChange{Kind: ChangeSplit, Successors: []int64{3, 4}}, false},
		{UnitChange{Kind: ChangeRename, Successors: []int64{3}}, true},
		{UnitChange{Kind: ChangeMove}, false},
	} {
		if got := ChangeMovesTasks(&tc.c); got != tc.want {
			t.Errorf("ChangeMovesTasks(%s, %v) = %v, want %v", tc.c.Kind, tc.c.Successors, got, tc.want)
		}
	}
}

func TestCanManageOrg(t *testing.T) {
	grant := func(r Role) *Actor {
		return &Actor{UserID: 1, Grants: []Grant{{Role: r, UnitPath: "/1/5/"}}}
	}
	for _, tc := range []struct {
		actor *Actor
		path  string
		want  bool
	}{
		{grant(RoleAdmin), "/1/5/23/", true},
		{grant(RoleOffice), "/1/5/", true},
		{grant(RoleOffice), "", true},
		{grant(RoleOffice), "/1/6/", false},
		{grant(RoleUnitHead), "/1/5/", false},
		{grant(RoleLeader), "/1/5/", false},
		{nil, "/1/5/", false},
		{SystemActor, "/9/", true},
	} {
		if got := CanManageOrg(tc.actor, tc.path); got != tc.want {
			t.Errorf("CanManageOrg(%+v, %q) = %v, want %v", tc.actor, tc.path, got, tc.want)
		}
	}
}
