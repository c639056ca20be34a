// Package demo loads the demo province that `dondoc serve --demo` shows a newcomer: Tỉnh Bắc
// Giang as it stood in May 2024, the Standing Committee's dispatch that is the project's seed, its
// nine tasks cascaded to the districts, the indicators the dispatch calls for, the Đồng Việt bridge,
// and the work around the tasks (reports, an extension, an escalation, a field visit) at the stage a
// follow-up system would show them. Everything is created through the domain services, as the
// system for the setup and as the demo users for the steps that a particular person takes, so that
// rules, audit rows and timelines apply exactly as they do for real work.
//
// Deadlines are set relative to the day of loading, so that whenever the demo is started some
// tasks are overdue, some due soon and some done late. All figures are sample data.
package demo

import (
	"context"
	_ "embed" // the seed dispatch is embedded as the body of the demo's main document
	"fmt"
	"math"
	"strings"
	"time"

	"dondoc"
	"dondoc/internal/auth"
)

// seedText is the text of the seed dispatch (corpus/seed/btv-tinh-uy-2024-05.txt), kept in the
// package so that the binary needs no file beside it.
//
//go:embed seed.txt
var seedText string

// Store is what the loader needs from the storage layer: the domain services, and the two account
// methods that let it create accounts with the short demo password and act as them.
type Store interface {
	dondoc.OrgService
	dondoc.DocumentService
	dondoc.TaskService
	dondoc.WorkflowService
	dondoc.IndicatorService
	CreateUserWithHash(ctx context.Context, in dondoc.UserInput, hash string) (*dondoc.User, error)
	ActorForUser(ctx context.Context, userID int64) (*dondoc.Actor, error)
}

// Result tells what Load created: the accounts to print, and the seed document from which a
// newcomer starts.
type Result struct {
	Accounts   []Account
	DocumentID int64
	Units      int
	Tasks      int
}

// Loaded reports whether the demo province is already in the database, so that a restart in demo
// mode does not load it twice.
func Loaded(ctx context.Context, s Store) (bool, error) {
	ctx = dondoc.WithActor(ctx, dondoc.SystemActor)
	page, err := s.ListUnits(ctx, dondoc.UnitFilter{Kind: dondoc.KindProvince, Q: provinceName, Limit: dondoc.MaxPageSize})
	if err != nil {
		return false, err
	}
	for _, u := range page.Items {
		if u.ParentID == nil && u.Code == provinceCode && u.Name == provinceName {
			// The short name is set by the last step of Load, so a province without it is the
			// trace of a load that stopped half-way: say so rather than run on half a demo.
			if u.ShortName != provinceShort {
				return false, dondoc.Conflict("Dữ liệu mẫu trong cơ sở dữ liệu này chưa nạp xong; hãy xóa thư mục dữ liệu rồi chạy lại.",
					"The demo in this database was only partly loaded; remove the data directory and start again.")
			}
			return true, nil
		}
	}
	return false, nil
}

// Load creates the demo province. now fixes "today" for the relative deadlines; it should be the
// database's own clock. Load refuses to run twice on the same database.
func Load(ctx context.Context, s Store, now time.Time) (*Result, error) {
	loaded, err := Loaded(ctx, s)
	if err != nil {
		return nil, err
	}
	if loaded {
		return nil, dondoc.Conflict("Dữ liệu mẫu đã được nạp vào cơ sở dữ liệu này.", "The demo is already loaded in this database.")
	}
	l := &loader{
		s: s, base: ctx, sys: dondoc.WithActor(ctx, dondoc.SystemActor), today: dondoc.Today(now),
		units: map[string]*dondoc.Unit{}, groups: map[string]int64{}, people: map[string]int64{},
		heads: map[string]*dondoc.Post{}, standing: map[string]*dondoc.Post{}, as: map[string]context.Context{},
		ind: map[string]*dondoc.Indicator{}, tasks: map[string]*dondoc.Task{}, children: map[string]map[string]*dondoc.Task{},
		res: &Result{Accounts: Accounts},
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"units", l.loadUnits}, {"groups", l.loadGroups}, {"people", l.loadPeople}, {"accounts", l.loadAccounts},
		{"indicators", l.loadIndicators}, {"documents", l.loadDocuments}, {"tasks", l.loadTasks},
		{"task work", l.playTasks}, {"field visit", l.loadFieldVisit}, {"figures", l.loadFigures},
		{"completion mark", l.markComplete},
	}
	for _, st := range steps {
		if err := st.fn(); err != nil {
			return nil, fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return l.res, nil
}

// loader carries what the steps of Load create, found again by the keys of data.go.
type loader struct {
	s     Store
	base  context.Context
	sys   context.Context
	today dondoc.Date

	units    map[string]*dondoc.Unit      // by key, and communes by name
	groups   map[string]int64             // by name
	people   map[string]int64             // by full name
	heads    map[string]*dondoc.Post      // head posts by unit key
	standing map[string]*dondoc.Post      // Standing Committee posts by holder
	as       map[string]context.Context   // contexts acting as each demo account, by username
	ind      map[string]*dondoc.Indicator // by code
	project  *dondoc.Project
	docID    int64
	tasks    map[string]*dondoc.Task            // top-level tasks by clause
	children map[string]map[string]*dondoc.Task // cascaded tasks by clause and district key
	res      *Result
}

// day returns the date n days from today.
func (l *loader) day(n int) dondoc.Date { return l.today.AddDays(n) }

// unitByName finds a unit of the demo by its name.
func (l *loader) unitByName(name string) (*dondoc.Unit, error) {
	for _, u := range l.units {
		if u.Name == name {
			return u, nil
		}
	}
	return nil, fmt.Errorf("no demo unit named %q", name)
}

func (l *loader) createUnit(key, parent string, kind dondoc.UnitKind, code, name, short string) error {
	in := dondoc.UnitInput{Kind: kind, Code: code, Name: name, ShortName: short}
	if parent != "" {
		in.ParentID = &l.units[parent].ID
	}
	u, err := l.s.CreateUnit(l.sys, in)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	l.units[key] = u
	l.res.Units++
	return nil
}

func (l *loader) loadUnits() error {
	for _, u := range provinceUnits {
		if err := l.createUnit(u.key, u.parent, u.kind, u.code, u.name, u.short); err != nil {
			return err
		}
	}
	for _, d := range districts {
		if err := l.createUnit(d.key, "tinh", dondoc.KindDistrict, d.code, d.name, d.short); err != nil {
			return err
		}
		for _, c := range d.communes {
			if err := l.createUnit(c.name, d.key, dondoc.KindCommune, c.code, c.name, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) loadGroups() error {
	members := map[string][]int64{}
	for _, k := range departmentKeys {
		members[groupDepartments] = append(members[groupDepartments], l.units[k].ID)
	}
	for _, d := range districts {
		members[groupDistricts] = append(members[groupDistricts], l.units[d.key].ID)
		for _, c := range d.communes {
			members[groupCommunes] = append(members[groupCommunes], l.units[c.name].ID)
		}
	}
	for _, name := range []string{groupDistricts, groupDepartments, groupCommunes} {
		g, err := l.s.CreateGroup(l.sys, dondoc.UnitGroup{Name: name, UnitIDs: members[name]})
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		l.groups[name] = g.ID
	}
	return nil
}

// person returns the id of the official named, creating the person on first use.
func (l *loader) person(name string) (int64, error) {
	if id, ok := l.people[name]; ok {
		return id, nil
	}
	p, err := l.s.CreatePerson(l.sys, dondoc.Person{FullName: name})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	l.people[name] = p.ID
	return p.ID, nil
}

// post creates a post in a unit and gives it its holder.
func (l *loader) post(unitKey, title, area string, head bool, holder string, from dondoc.Date) (*dondoc.Post, error) {
	pid, err := l.person(holder)
	if err != nil {
		return nil, err
	}
	p, err := l.s.CreatePost(l.sys, dondoc.Post{UnitID: l.units[unitKey].ID, Title: title, IsHead: head, Area: area})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", title, err)
	}
	if _, err := l.s.AssignHolder(l.sys, p.ID, pid, from); err != nil {
		return nil, fmt.Errorf("%s: %w", title, err)
	}
	return p, nil
}

// unitHead pairs a unit key with the head post to create in it.
type unitHead struct {
	unit string
	h    headSpec
}

func (l *loader) loadPeople() error {
	for _, m := range standingCommittee {
		p, err := l.post("btv", m.title, m.area, m.head, m.person, termStart)
		if err != nil {
			return err
		}
		l.standing[m.person] = p
	}
	var heads []unitHead
	for _, u := range provinceUnits {
		if u.head != nil {
			heads = append(heads, unitHead{u.key, *u.head})
		}
	}
	for _, d := range districts {
		heads = append(heads, unitHead{d.key, d.head})
	}
	heads = append(heads, unitHead{communeHead.commune, communeHead.head})
	for _, h := range heads {
		p, err := l.post(h.unit, h.h.title, "", true, h.h.person, h.h.from)
		if err != nil {
			return err
		}
		l.heads[h.unit] = p
	}
	return nil
}

func (l *loader) loadAccounts() error {
	// One hash serves every account: hashing is deliberately slow, and the demo must start fast.
	hash, err := auth.HashPassword(auth.DefaultParams, Password)
	if err != nil {
		return err
	}
	for _, a := range accountSpecs {
		unit, err := l.unitByName(a.unit)
		if err != nil {
			return err
		}
		in := dondoc.UserInput{Username: a.username, DisplayName: a.displayName,
			Grants: []dondoc.Grant{{Role: a.role, UnitID: unit.ID}}}
		if a.person != "" {
			pid, err := l.person(a.person)
			if err != nil {
				return err
			}
			in.PersonID = &pid
		}
		u, err := l.s.CreateUserWithHash(l.sys, in, hash)
		if err != nil {
			return fmt.Errorf("%s: %w", a.username, err)
		}
		actor, err := l.s.ActorForUser(l.sys, u.ID)
		if err != nil {
			return fmt.Errorf("%s: %w", a.username, err)
		}
		l.as[a.username] = dondoc.WithActor(l.base, actor)
	}
	return nil
}

func (l *loader) loadIndicators() error {
	for _, in := range indicators {
		ind, err := l.s.CreateIndicator(l.sys, in)
		if err != nil {
			return fmt.Errorf("%s: %w", in.Code, err)
		}
		l.ind[in.Code] = ind
	}
	p := bridge
	p.InvestorUnitID = l.units["sgtvt"].ID
	p.IndicatorID = &l.ind[indDisbursement].ID
	project, err := l.s.CreateProject(l.sys, p)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Name, err)
	}
	l.project = project
	for _, m := range bridgeMonths {
		if _, err := l.s.SetDisbursement(l.sys, project.ID, m.month,
			dondoc.DisbursementInput{Planned: &m.planned, Actual: &m.actual}); err != nil {
			return fmt.Errorf("%s %s: %w", p.Name, m.month, err)
		}
	}
	return nil
}

func (l *loader) loadDocuments() error {
	refs := make([]dondoc.Reference, 0, len(references))
	for _, r := range references {
		issuer, err := l.unitByName(r.issuer)
		if err != nil {
			return err
		}
		if _, err := l.s.CreateDocument(l.sys, dondoc.DocumentInput{Type: r.docType, NumberSymbol: r.number,
			IssuerUnitID: &issuer.ID, Issuer: r.issuer, Date: r.date, Subject: r.subject, Stub: true}); err != nil {
			return fmt.Errorf("%s: %w", r.number, err)
		}
		refs = append(refs, dondoc.Reference{NumberSymbol: r.number, Type: r.docType, Date: r.date})
	}
	btv := l.units["btv"]
	doc, err := l.s.CreateDocument(l.sys, dondoc.DocumentInput{
		Type: "Công văn", NumberSymbol: seedNumber, IssuerUnitID: &btv.ID, Issuer: btv.Name, Place: "Bắc Giang",
		Date: seedDate, Subject: seedSubject, Body: strings.TrimSpace(seedText),
		SigningAuth: "T/M BAN THƯỜNG VỤ", SignerTitle: "PHÓ BÍ THƯ", SignerName: signer,
		Recipients: []dondoc.Recipient{
			{Kind: dondoc.RecipientText, Text: "Các ban cán sự đảng, đảng đoàn"},
			{Kind: dondoc.RecipientGroup, RefID: l.groups[groupDepartments], Text: "Các cơ quan, sở, ban ngành tỉnh"},
			{Kind: dondoc.RecipientUnit, RefID: l.units["mttq"].ID, Text: "Ủy ban MTTQ và các tổ chức chính trị - xã hội tỉnh"},
			{Kind: dondoc.RecipientGroup, RefID: l.groups[groupDistricts], Text: "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"},
			{Kind: dondoc.RecipientText, Text: "Các đồng chí Tỉnh ủy viên"},
		},
		References: refs,
		Distribution: []dondoc.Distribution{
			{Text: "Như trên"},
			{Text: "Ban Bí thư Trung ương Đảng", Note: "báo cáo"},
			{Text: "Văn phòng Trung ương Đảng", Note: "báo cáo"},
			{Text: "VPTU: LĐVP, TH"},
			{Text: "Lưu Văn phòng Tỉnh ủy"},
		},
	})
	if err != nil {
		return fmt.Errorf("%s: %w", seedNumber, err)
	}
	l.docID = doc.ID
	l.res.DocumentID = doc.ID
	return nil
}

// parentDue is the deadline, in days from today, of each cascaded task and so of its children
// unless playTasks moves one.
var parentDue = map[string]int{"2.(1)": -30, "2.(2)": 45, "2.(3)": 60, "2.(4)": 20, "2.(5)": 30}

func (l *loader) loadTasks() error {
	btv := l.units["btv"]
	var districtIDs []int64
	for _, d := range districts {
		districtIDs = append(districtIDs, l.units[d.key].ID)
	}
	for _, st := range seedTasks {
		in := dondoc.TaskInput{DocumentID: &l.docID, ClauseID: st.clause, Title: st.title, Text: st.text,
			LeadUnitID: l.units[st.lead].ID, AssignerUnitID: btv.ID, Key: st.key, Assign: true,
			Deadline: dondoc.Deadline{Kind: dondoc.DeadlineNone, Phrase: st.phrase}}
		for _, c := range st.coordinators {
			in.Coordinators = append(in.Coordinators, dondoc.Coordinator{UnitID: l.units[c.unit].ID, Part: c.part})
		}
		if st.reportToBTV {
			in.ReportToUnitID = &btv.ID
		}
		if st.key {
			in.ProjectID = &l.project.ID
		}
		if st.cascade {
			// Children copy the parent's fields, so the parent names no accountable post: each
			// child is answered for by the head of its own district.
			in.CascadeTo = districtIDs
			in.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: l.day(parentDue[st.clause]), Phrase: st.phrase}
		} else {
			in.AccountablePostID = &l.heads[st.lead].ID
		}
		t, err := l.s.CreateTask(l.sys, in)
		if err != nil {
			return fmt.Errorf("%s: %w", st.clause, err)
		}
		l.tasks[st.clause] = t
		l.res.Tasks += 1 + len(in.CascadeTo)
		if !st.cascade {
			continue
		}
		page, err := l.s.ListTasks(l.sys, dondoc.TaskFilter{ParentID: t.ID, Limit: dondoc.MaxPageSize})
		if err != nil {
			return err
		}
		byDistrict := map[string]*dondoc.Task{}
		for i := range page.Items {
			c := &page.Items[i]
			for _, d := range districts {
				if l.units[d.key].ID == c.LeadUnitID {
					byDistrict[d.key] = c
				}
			}
		}
		if len(byDistrict) != len(districts) {
			return fmt.Errorf("%s: %d cascaded tasks, want %d", st.clause, len(byDistrict), len(districts))
		}
		l.children[st.clause] = byDistrict
	}
	return nil
}

// child returns the current state of the cascaded task of a clause led by a district.
func (l *loader) child(clause, district string) (*dondoc.Task, error) {
	return l.s.GetTask(l.sys, l.children[clause][district].ID)
}

// moveDeadline sets a task's deadline to a day relative to today, as the office does when the
// assigner gives one district a different date.
func (l *loader) moveDeadline(clause, district string, days int) error {
	t, err := l.child(clause, district)
	if err != nil {
		return err
	}
	in := dondoc.TaskInput{ClauseID: t.ClauseID, ProjectID: t.ProjectID, Title: t.Title, Text: t.Text,
		AccountablePostID: t.AccountablePostID, ReportToUnitID: t.ReportToUnitID, Coordinators: t.Coordinators, Key: t.Key,
		Deadline: dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: l.day(days), Phrase: t.Deadline.Phrase}}
	if _, err := l.s.UpdateTask(l.as["vanphong"], t.ID, t.Version, in); err != nil {
		return fmt.Errorf("%s %s: %w", clause, district, err)
	}
	return nil
}

// finish closes a task: the requester asks for completion, the office confirms it as completed
// on the day given relative to today, which makes it on time or late.
func (l *loader) finish(requester string, id int64, completedDays int) error {
	t, err := l.s.GetTask(l.sys, id)
	if err != nil {
		return err
	}
	t, err = l.s.Transition(l.as[requester], id, t.Version, dondoc.TransitionInput{Action: dondoc.ActionRequestCompletion,
		Note: "Đơn vị báo cáo đã hoàn thành nhiệm vụ."})
	if err != nil {
		return fmt.Errorf("task %d request completion: %w", id, err)
	}
	if _, err := l.s.Transition(l.as["vanphong"], id, t.Version, dondoc.TransitionInput{Action: dondoc.ActionConfirm,
		CompletedOn: l.day(completedDays), Note: "Văn phòng Tỉnh ủy xác nhận hoàn thành."}); err != nil {
		return fmt.Errorf("task %d confirm: %w", id, err)
	}
	return nil
}

// report has an officer (or a head, for units whose officers have no demo account) submit a
// progress report, then takes it as far as stage: "submitted", "approved" by the head of the lead
// unit, or "accepted" by the office.
func (l *loader) report(officer, head string, taskID int64, in dondoc.ReportInput, stage dondoc.ReportStatus) (*dondoc.ProgressReport, error) {
	if in.Period == "" {
		in.Period = string(l.today[:7])
	}
	r, err := l.s.SubmitReport(l.as[officer], taskID, in)
	if err != nil {
		return nil, fmt.Errorf("report on task %d: %w", taskID, err)
	}
	if stage == dondoc.ReportSubmitted {
		return r, nil
	}
	approved, err := l.s.ReviewReport(l.as[head], r.ID, r.Version, dondoc.ReviewDecision{Approve: true, Note: "Đồng ý, gửi Văn phòng Tỉnh ủy."})
	if err != nil {
		return nil, fmt.Errorf("approve report %d: %w", r.ID, err)
	}
	if stage == dondoc.ReportApproved {
		return approved, nil
	}
	accepted, err := l.s.ReviewReport(l.as["vanphong"], r.ID, approved.Version, dondoc.ReviewDecision{Approve: true, Note: "Tiếp nhận báo cáo."})
	if err != nil {
		return nil, fmt.Errorf("accept report %d: %w", r.ID, err)
	}
	return accepted, nil
}

func percent(p int) *int { return &p }

// playTasks takes the tasks to the states a follow-up system shows some months into the work:
// congresses held (some late), the bridge held up by land clearance and escalated, an extension
// granted for the reorganisation plan, houses and revenue under way, and some districts overdue.
func (l *loader) playTasks() error {
	// 2.(1): every district has held its Fatherland Front congress, two of them late.
	for _, f := range []struct {
		district, requester string
		completed           int
	}{
		{"tpbg", "td.tpbg", -34}, {"yendung", "canbo", -31}, {"langgiang", "td.langgiang", -32},
		{"hiephoa", "td.hiephoa", -21}, {"tanyen", "td.tanyen", -30}, {"lucnam", "td.lucnam", -18},
		{"vietyen", "td.vietyen", -36},
	} {
		if err := l.finish(f.requester, l.children["2.(1)"][f.district].ID, f.completed); err != nil {
			return err
		}
	}
	if err := l.finish("vanphong", l.tasks["2.(1)"].ID, -18); err != nil {
		return err
	}

	// 2.(2): Yên Dũng reports twice on the bridge and escalates the land clearance; the city is due
	// in two days; Hiệp Hòa is overdue.
	yd := l.children["2.(2)"]["yendung"].ID
	if _, err := l.report("canbo", "truongdonvi", yd, dondoc.ReportInput{Percent: percent(35),
		Text: "Đã giải ngân 35% kế hoạch vốn đầu tư công năm của huyện; dự án Xây dựng Cầu Đồng Việt hoàn thành giải phóng mặt bằng 92% diện tích phần đường dẫn thuộc địa bàn huyện."},
		dondoc.ReportAccepted); err != nil {
		return err
	}
	hard, err := l.report("canbo", "truongdonvi", yd, dondoc.ReportInput{Percent: percent(55),
		Text:         "Thi công trụ cầu và đường dẫn theo tiến độ; giải ngân đạt 55% kế hoạch vốn được giao.",
		Difficulties: "Còn 3 hộ tại xã Đồng Việt chưa đồng ý phương án bồi thường, hỗ trợ; 0,8 ha đất đường dẫn chưa bàn giao cho nhà thầu.",
		Proposals:    "Đề nghị Ban Thường vụ Tỉnh ủy chỉ đạo UBND tỉnh xem xét đơn giá bồi thường đối với đất nông nghiệp xen kẹt trong khu dân cư."},
		dondoc.ReportAccepted)
	if err != nil {
		return err
	}
	if _, err := l.s.RaiseEscalation(l.as["canbo"], dondoc.EscalationInput{TaskID: &yd, ReportID: &hard.ID,
		FromUnitID: l.units["yendung"].ID, ToUnitID: l.units["btv"].ID,
		Subject:     "Kiến nghị tháo gỡ vướng mắc giải phóng mặt bằng dự án Xây dựng Cầu Đồng Việt",
		Text:        "Huyện Yên Dũng đã tổ chức đối thoại 4 lần nhưng 3 hộ tại xã Đồng Việt chưa đồng ý phương án bồi thường. Đề nghị Ban Thường vụ Tỉnh ủy cho ý kiến chỉ đạo về đơn giá bồi thường để kịp bàn giao mặt bằng.",
		ResponseDue: l.day(5)}); err != nil {
		return fmt.Errorf("escalation: %w", err)
	}
	if _, err := l.report("td.tpbg", "td.tpbg", l.children["2.(2)"]["tpbg"].ID, dondoc.ReportInput{Percent: percent(80),
		Text: "Các dự án trọng điểm của thành phố đạt 80% khối lượng; giải ngân vượt tiến độ kế hoạch."}, dondoc.ReportAccepted); err != nil {
		return err
	}
	if err := l.moveDeadline("2.(2)", "tpbg", 2); err != nil {
		return err
	}
	if err := l.moveDeadline("2.(2)", "hiephoa", -12); err != nil {
		return err
	}

	// 2.(3): Yên Dũng waits for the approval of its reorganisation plan and is granted more time;
	// Việt Yên is done; Lục Nam is well overdue.
	if err := l.moveDeadline("2.(3)", "yendung", 3); err != nil {
		return err
	}
	ext, err := l.s.RequestExtension(l.as["canbo"], l.children["2.(3)"]["yendung"].ID, dondoc.ExtensionInput{Proposed: l.day(40),
		Reason: "Phương án sắp xếp đơn vị hành chính cấp xã của huyện đang chờ cấp có thẩm quyền phê duyệt."})
	if err != nil {
		return fmt.Errorf("extension: %w", err)
	}
	if _, err := l.s.DecideExtension(l.as["vanphong"], ext.ID, ext.Version, dondoc.ReviewDecision{Approve: true,
		Note: "Đồng ý gia hạn theo đề nghị của Huyện ủy Yên Dũng."}); err != nil {
		return fmt.Errorf("extension decision: %w", err)
	}
	if err := l.finish("td.vietyen", l.children["2.(3)"]["vietyen"].ID, -5); err != nil {
		return err
	}
	if err := l.moveDeadline("2.(3)", "lucnam", -40); err != nil {
		return err
	}

	// 2.(4): houses under way in Yên Dũng, done in the city and (late) in Tân Yên, due soon in
	// Lạng Giang, overdue in Hiệp Hòa.
	if _, err := l.report("canbo", "truongdonvi", l.children["2.(4)"]["yendung"].ID, dondoc.ReportInput{Percent: percent(60),
		Text: "Đã khởi công 27/45 căn, hoàn thành và bàn giao 19 căn nhà cho hộ nghèo, hộ cận nghèo và gia đình có công."},
		dondoc.ReportAccepted); err != nil {
		return err
	}
	if err := l.finish("td.tpbg", l.children["2.(4)"]["tpbg"].ID, -3); err != nil {
		return err
	}
	if err := l.moveDeadline("2.(4)", "tanyen", -25); err != nil {
		return err
	}
	if err := l.finish("td.tanyen", l.children["2.(4)"]["tanyen"].ID, -9); err != nil {
		return err
	}
	if err := l.moveDeadline("2.(4)", "langgiang", 2); err != nil {
		return err
	}
	if err := l.moveDeadline("2.(4)", "hiephoa", -12); err != nil {
		return err
	}

	// 2.(5): Yên Dũng's revenue report waits for the office to accept it; Lục Nam is overdue.
	if _, err := l.report("canbo", "truongdonvi", l.children["2.(5)"]["yendung"].ID, dondoc.ReportInput{Percent: percent(45),
		Text: "Thu ngân sách trên địa bàn đạt 45% dự toán năm; thu tiền sử dụng đất thấp do thị trường bất động sản trầm lắng."},
		dondoc.ReportApproved); err != nil {
		return err
	}
	return l.moveDeadline("2.(5)", "lucnam", -5)
}

// loadFieldVisit records the visit of the member in charge of Yên Dũng, turns its first finding
// into a task for Xã Đồng Việt, and has the commune report on it (awaiting the district head).
func (l *loader) loadFieldVisit() error {
	post := l.standing[visitingMember]
	commune := l.units[communeHead.commune]
	findings := []string{
		"Phần đường dẫn phía Bắc Giang của dự án Xây dựng Cầu Đồng Việt tại xã Đồng Việt còn 3 hộ chưa bàn giao mặt bằng; xã cần phối hợp tổ công tác của huyện vận động, hoàn thành bàn giao.",
		"Xã Đồng Việt đã hoàn thành hỗ trợ xây mới 4 căn nhà cho hộ nghèo; cần tiếp tục rà soát các hộ cận nghèo có nhà ở xuống cấp để hỗ trợ trong năm.",
	}
	v, err := l.s.RecordFieldVisit(l.as["vanphong"], dondoc.FieldVisitInput{LeaderID: l.people[visitingMember], PostID: &post.ID,
		Area: post.Area, Date: l.day(-7), UnitIDs: []int64{l.units["yendung"].ID, commune.ID},
		Summary:  "Đồng chí Phạm Văn Long, Ủy viên Ban Thường vụ Tỉnh ủy, làm việc với Huyện ủy Yên Dũng và Đảng ủy xã Đồng Việt về tiến độ dự án Xây dựng Cầu Đồng Việt và việc xóa nhà tạm, nhà dột nát.",
		Findings: findings})
	if err != nil {
		return err
	}
	if len(v.Findings) != len(findings) {
		return fmt.Errorf("field visit has %d findings, want %d", len(v.Findings), len(findings))
	}
	t, err := l.s.FindingToTask(l.as["vanphong"], v.ID, v.Findings[0].ID, dondoc.TaskInput{
		Title:      "Hoàn thành bàn giao mặt bằng đường dẫn Cầu Đồng Việt tại xã Đồng Việt",
		Text:       findings[0],
		LeadUnitID: commune.ID, AssignerUnitID: l.units["btv"].ID, ProjectID: &l.project.ID, Assign: true,
		Coordinators: []dondoc.Coordinator{{UnitID: l.units["yendung"].ID, Part: "Tổ công tác giải phóng mặt bằng của huyện"}},
		Deadline:     dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: l.day(14)},
	})
	if err != nil {
		return fmt.Errorf("finding to task: %w", err)
	}
	l.res.Tasks++
	_, err = l.report("canboxa", "truongdonvi", t.ID, dondoc.ReportInput{Percent: percent(30),
		Text: "Đã tổ chức 2 buổi đối thoại với 3 hộ; 1 hộ đã đồng ý nhận tiền bồi thường và cam kết bàn giao mặt bằng."},
		dondoc.ReportSubmitted)
	return err
}

// round1 rounds to one decimal, as figures in tỷ đồng are reported.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// loadFigures sets the 2024 targets of the province (disbursement only: its houses and revenue
// are what its districts plan) and of every district, and reports January to April: submitted by
// the district's officer (Yên Dũng) or recorded by the office from paper, approved by the district
// head, accepted by the office. Yên Dũng's April houses wait for its head's approval. The dashboard
// figures come from roll-ups of these values; none is stored.
func (l *loader) loadFigures() error {
	provincePlan := 95.0
	if _, err := l.s.SetTarget(l.sys, l.ind[indDisbursement].ID, dondoc.ValueInput{UnitID: l.units["tinh"].ID, Period: "2024",
		Value: &provincePlan, Note: sampleNote}); err != nil {
		return fmt.Errorf("target %s province: %w", indDisbursement, err)
	}
	for _, d := range districts {
		unit := l.units[d.key].ID
		for _, t := range []struct {
			code  string
			value float64
		}{{indDisbursement, 95}, {indHouses, d.houses}, {indRevenue, d.revenue}} {
			if _, err := l.s.SetTarget(l.sys, l.ind[t.code].ID, dondoc.ValueInput{UnitID: unit, Period: "2024", Value: &t.value, Note: sampleNote}); err != nil {
				return fmt.Errorf("target %s %s: %w", t.code, d.key, err)
			}
		}
		submitter, head := "vanphong", "td."+d.key
		if d.key == "yendung" {
			submitter, head = "canbo", "truongdonvi"
		}
		for m, period := range months {
			pace := d.pace + monthLift[m]
			planned := round1(d.capital * monthShare[m])
			disbursed := round1(planned * pace)
			houses := math.Round(d.houses * monthShare[m] * pace * 1.4)
			poor := math.Round(houses * 0.6)
			near := math.Floor(houses * 0.25)
			revenue := round1(d.revenue * monthShare[m] * pace * 1.1)
			values := []struct {
				code  string
				in    dondoc.ValueInput
				stage dondoc.ActualStatus
			}{
				{indDisbursement, dondoc.ValueInput{Value: &disbursed, Denominator: &planned,
					Note: "Giá trị: vốn giải ngân trong tháng; mẫu số: kế hoạch giải ngân của tháng (tỷ đồng). " + sampleNote}, dondoc.ActualAccepted},
				{indHouses, dondoc.ValueInput{Value: &houses,
					Parts: map[string]float64{"hộ nghèo": poor, "hộ cận nghèo": near, "gia đình có công": houses - poor - near}, Note: sampleNote}, dondoc.ActualAccepted},
				{indRevenue, dondoc.ValueInput{Value: &revenue, Note: sampleNote}, dondoc.ActualAccepted},
			}
			if d.key == "yendung" && m == len(months)-1 {
				values[1].stage = dondoc.ActualSubmitted
			}
			for _, v := range values {
				v.in.UnitID, v.in.Period = unit, period
				if err := l.actual(submitter, head, l.ind[v.code].ID, v.in, v.stage); err != nil {
					return fmt.Errorf("actual %s %s %s: %w", v.code, d.key, period, err)
				}
			}
		}
	}
	return nil
}

// actual submits a value and takes it through the reviews up to stage.
func (l *loader) actual(submitter, head string, indicatorID int64, in dondoc.ValueInput, stage dondoc.ActualStatus) error {
	a, err := l.s.SubmitActual(l.as[submitter], indicatorID, in)
	if err != nil || stage == dondoc.ActualSubmitted {
		return err
	}
	a, err = l.s.ReviewActual(l.as[head], a.ID, a.Version, dondoc.ReviewDecision{Approve: true})
	if err != nil || stage == dondoc.ActualApproved {
		return err
	}
	_, err = l.s.ReviewActual(l.as["vanphong"], a.ID, a.Version, dondoc.ReviewDecision{Approve: true})
	return err
}

// markComplete gives the province its short name as the very last write of Load, which Loaded
// takes as the sign of a complete demo.
func (l *loader) markComplete() error {
	root := l.units["tinh"]
	in := dondoc.UnitInput{ParentID: root.ParentID, Kind: root.Kind, Code: root.Code, Name: root.Name, ShortName: provinceShort,
		ValidFrom: root.ValidFrom, ValidTo: root.ValidTo}
	_, err := l.s.UpdateUnit(l.sys, root.ID, root.Version, in)
	return err
}
