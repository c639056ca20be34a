package sqldbtest

import (
	"context"
	"testing"

	"dondoc"
	"dondoc/internal/sqldb"
)

// System returns a context acting as the system, which may do anything; fixtures use it.
func System() context.Context { return dondoc.WithActor(context.Background(), dondoc.SystemActor) }

// As returns a context acting as a user holding one role on one unit.
func As(userID int64, role dondoc.Role, u *dondoc.Unit) context.Context {
	return dondoc.WithActor(context.Background(), &dondoc.Actor{
		UserID: userID, Username: string(role) + "-" + u.Name,
		Grants: []dondoc.Grant{{UserID: userID, Role: role, UnitID: u.ID, UnitPath: u.Path}},
	})
}

// Unit creates a unit under parent (nil for a root) and fails the test on error.
func Unit(t testing.TB, db *sqldb.DB, parent *dondoc.Unit, kind dondoc.UnitKind, name string) *dondoc.Unit {
	t.Helper()
	in := dondoc.UnitInput{Kind: kind, Name: name}
	if parent != nil {
		in.ParentID = &parent.ID
	}
	u, err := db.CreateUnit(System(), in)
	if err != nil {
		t.Fatalf("create unit %q: %v", name, err)
	}
	return u
}

// Task creates an assigned task led by lead and assigned by assigner, due on due (empty for none).
func Task(t testing.TB, db *sqldb.DB, assigner, lead *dondoc.Unit, title string, due dondoc.Date) *dondoc.Task {
	t.Helper()
	in := dondoc.TaskInput{Title: title, LeadUnitID: lead.ID, AssignerUnitID: assigner.ID, Assign: true}
	if due != "" {
		in.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: due}
	}
	task, err := db.CreateTask(System(), in)
	if err != nil {
		t.Fatalf("create task %q: %v", title, err)
	}
	return task
}

// Province is a small tree for tests: a province with its Standing Committee's office, one
// department and two districts with one commune each.
type Province struct {
	Root, Office, Department, DistrictA, DistrictB, CommuneA, CommuneB *dondoc.Unit
}

// NewProvince creates the test province.
func NewProvince(t testing.TB, db *sqldb.DB) *Province {
	t.Helper()
	p := &Province{}
	p.Root = Unit(t, db, nil, dondoc.KindProvince, "Tỉnh Bắc Giang")
	p.Office = Unit(t, db, p.Root, dondoc.KindOffice, "Văn phòng Tỉnh ủy")
	p.Department = Unit(t, db, p.Root, dondoc.KindDepartment, "Sở Tài chính")
	p.DistrictA = Unit(t, db, p.Root, dondoc.KindDistrict, "Huyện Yên Dũng")
	p.DistrictB = Unit(t, db, p.Root, dondoc.KindDistrict, "Huyện Lạng Giang")
	p.CommuneA = Unit(t, db, p.DistrictA, dondoc.KindCommune, "Xã Đồng Việt")
	p.CommuneB = Unit(t, db, p.DistrictB, dondoc.KindCommune, "Xã Tân Thanh")
	return p
}
