package dondoc

import (
	"context"
	"strings"
	"time"
)

// UnitKind tells what sort of body a unit is; recipient phrases and groups are matched on it.
type UnitKind string

// The unit kinds of the Vietnamese Party and State system that dondoc tracks.
const (
	KindProvince         UnitKind = "province"          // a province as a whole (root of a tree)
	KindPartyCommittee   UnitKind = "party_committee"   // Tỉnh ủy, huyện ủy, đảng ủy xã
	KindPartyBoard       UnitKind = "party_board"       // ban của Tỉnh ủy, ban cán sự đảng, đảng đoàn
	KindPeoplesCouncil   UnitKind = "peoples_council"   // HĐND
	KindPeoplesCommittee UnitKind = "peoples_committee" // UBND
	KindDepartment       UnitKind = "department"        // sở, ban, ngành
	KindDistrict         UnitKind = "district"          // huyện, thị xã, thành phố thuộc tỉnh
	KindCommune          UnitKind = "commune"           // xã, phường, thị trấn
	KindMassOrg          UnitKind = "mass_org"          // MTTQ and socio-political organisations
	KindOffice           UnitKind = "office"            // văn phòng
	KindOther            UnitKind = "other"
)

// UnitKinds lists every kind, for validation and documentation.
var UnitKinds = []UnitKind{KindProvince, KindPartyCommittee, KindPartyBoard, KindPeoplesCouncil,
	KindPeoplesCommittee, KindDepartment, KindDistrict, KindCommune, KindMassOrg, KindOffice, KindOther}

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool {
	for _, x := range UnitKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Unit is a body in the tree of Party and State organisations. Path materialises the ancestry
// ("/1/5/23/") so that a subtree is a range of paths in an index.
type Unit struct {
	ID        int64     `json:"id"`
	ParentID  *int64    `json:"parent_id"`
	Kind      UnitKind  `json:"kind"`
	Code      string    `json:"code,omitempty"`
	Name      string    `json:"name"`
	ShortName string    `json:"short_name,omitempty"`
	Path      string    `json:"path"`
	ValidFrom Date      `json:"valid_from"`
	ValidTo   Date      `json:"valid_to"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnitInput is what a client sends to create or change a unit.
type UnitInput struct {
	ParentID  *int64   `json:"parent_id"`
	Kind      UnitKind `json:"kind"`
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	ShortName string   `json:"short_name"`
	ValidFrom Date     `json:"valid_from"`
	ValidTo   Date     `json:"valid_to"`
}

// Validate checks a unit input field by field.
func (in *UnitInput) Validate() error {
	if err := RequireText("name", in.Name, 300); err != nil {
		return err
	}
	if err := OptionalText("short_name", in.ShortName, 100); err != nil {
		return err
	}
	if err := OptionalText("code", in.Code, 20); err != nil {
		return err
	}
	if !in.Kind.Valid() {
		return Invalid("kind", "Loại đơn vị không hợp lệ.", "Unknown unit kind.")
	}
	if in.ValidFrom != "" && !in.ValidFrom.Valid() {
		return Invalid("valid_from", "Ngày không hợp lệ.", "Invalid date.")
	}
	if in.ValidTo != "" && !in.ValidTo.Valid() {
		return Invalid("valid_to", "Ngày không hợp lệ.", "Invalid date.")
	}
	if in.ValidFrom != "" && in.ValidTo != "" && in.ValidTo < in.ValidFrom {
		return Invalid("valid_to", "Ngày hết hiệu lực phải sau ngày có hiệu lực.", "valid_to must not be before valid_from.")
	}
	return nil
}

// UnitChangeKind names a reorganisation: the 2025 reform merged provinces and communes.
type UnitChangeKind string

// The kinds of unit change.
const (
	ChangeMerge  UnitChangeKind = "merge"
	ChangeSplit  UnitChangeKind = "split"
	ChangeRename UnitChangeKind = "rename"
	ChangeMove   UnitChangeKind = "move"
)

// UnitChange links predecessors to successors on an effective date, so that open tasks and targets
// can follow the successor and past reports can use the tree as it was.
//
// For a move, Predecessors are the units that move and ParentID is their new parent; the units
// continue as themselves, so Successors stays empty. MovedTasks and MovedTargets are filled in by
// the service to tell the client what followed the successor; values sent by a client are ignored.
type UnitChange struct {
	ID           int64          `json:"id"`
	Kind         UnitChangeKind `json:"kind"`
	Effective    Date           `json:"effective"`
	Predecessors []int64        `json:"predecessors"`
	Successors   []int64        `json:"successors"`
	ParentID     *int64         `json:"parent_id,omitempty"`
	Note         string         `json:"note,omitempty"`
	MovedTasks   []int64        `json:"moved_tasks"`
	MovedTargets []int64        `json:"moved_targets"`
}

// Valid reports whether k is a known kind of unit change.
func (k UnitChangeKind) Valid() bool {
	switch k {
	case ChangeMerge, ChangeSplit, ChangeRename, ChangeMove:
		return true
	}
	return false
}

// Validate checks the shape of a unit change: which sides it needs depends on its kind. A merge
// joins one or more predecessors into one successor, a split divides one predecessor among
// successors, a rename replaces one unit with one (possibly itself, to date the renaming), and a
// move hangs predecessors under a new parent.
func (c *UnitChange) Validate() error {
	if !c.Kind.Valid() {
		return Invalid("kind", "Loại thay đổi đơn vị không hợp lệ (merge, split, rename, move).", "Unknown unit change kind (merge, split, rename, move).")
	}
	if !c.Effective.Valid() {
		return Invalid("effective", "Cần ngày có hiệu lực dạng YYYY-MM-DD.", "An effective date (YYYY-MM-DD) is required.")
	}
	if err := OptionalText("note", c.Note, 2000); err != nil {
		return err
	}
	if len(c.Predecessors) == 0 {
		return Invalid("predecessors", "Cần ít nhất một đơn vị trước thay đổi.", "At least one predecessor is required.")
	}
	if err := uniqueIDs("predecessors", c.Predecessors); err != nil {
		return err
	}
	if err := uniqueIDs("successors", c.Successors); err != nil {
		return err
	}
	switch c.Kind {
	case ChangeMerge:
		if len(c.Successors) != 1 {
			return Invalid("successors", "Hợp nhất, sáp nhập phải có đúng một đơn vị sau thay đổi.", "A merge has exactly one successor.")
		}
	case ChangeSplit:
		if len(c.Predecessors) != 1 {
			return Invalid("predecessors", "Chia tách phải có đúng một đơn vị trước thay đổi.", "A split has exactly one predecessor.")
		}
		if len(c.Successors) == 0 {
			return Invalid("successors", "Chia tách cần ít nhất một đơn vị sau thay đổi.", "A split needs at least one successor.")
		}
	case ChangeRename:
		if len(c.Predecessors) != 1 {
			return Invalid("predecessors", "Đổi tên phải có đúng một đơn vị trước thay đổi.", "A rename has exactly one predecessor.")
		}
		if len(c.Successors) != 1 {
			return Invalid("successors", "Đổi tên phải có đúng một đơn vị sau thay đổi.", "A rename has exactly one successor.")
		}
	case ChangeMove:
		if len(c.Successors) != 0 {
			return Invalid("successors", "Chuyển đơn vị không có đơn vị sau thay đổi; hãy ghi đơn vị cấp trên mới vào parent_id.", "A move has no successors; name the new parent in parent_id.")
		}
		if c.ParentID == nil || *c.ParentID <= 0 {
			return Invalid("parent_id", "Cần đơn vị cấp trên mới.", "The new parent is required.")
		}
	}
	if c.Kind != ChangeMove && c.ParentID != nil {
		return Invalid("parent_id", "Chỉ thay đổi loại chuyển đơn vị (move) mới có đơn vị cấp trên mới.", "Only a move names a new parent.")
	}
	return nil
}

// uniqueIDs checks a list of ids for non-positive and repeated entries, naming the entry at fault.
func uniqueIDs(field string, ids []int64) error {
	if len(ids) > MaxPageSize {
		return Invalid(field, "Danh sách quá dài (tối đa "+itoa(MaxPageSize)+" đơn vị).", "Too many entries (at most "+itoa(MaxPageSize)+").")
	}
	seen := make(map[int64]bool, len(ids))
	for i, id := range ids {
		f := field + "[" + itoa(i) + "]"
		if id <= 0 {
			return Invalid(f, "Mã đơn vị không hợp lệ.", "Invalid unit id.")
		}
		if seen[id] {
			return Invalid(f, "Đơn vị bị lặp lại.", "Repeated unit.")
		}
		seen[id] = true
	}
	return nil
}

// OpenTaskStatuses are the statuses of tasks that are not finished: these follow a unit change to
// the successor, while done and cancelled tasks stay with the unit that did them, so that past
// results remain attributed to it.
var OpenTaskStatuses = []Status{StatusDraft, StatusAssigned, StatusInProgress, StatusCompletionRequested, StatusSuspended}

// ChangeMovesTasks reports whether a unit change hands the open tasks of its predecessors to a
// single successor. A merge always does; a split does only when there is exactly one successor,
// because with several nobody can say which of them inherits a task; a rename to another unit
// record does. A move does not: the unit stays itself under a new parent.
func ChangeMovesTasks(c *UnitChange) bool {
	return c.Kind != ChangeMove && len(c.Successors) == 1
}

// TargetFollowsChange reports whether an indicator target for the period key follows a unit change
// that takes effect on effective: periods that start on or after the change belong to the
// successor, earlier ones stay with the unit that was measured then.
func TargetFollowsChange(period string, effective Date) bool {
	start, ok := periodStartOf(period)
	return ok && start >= effective
}

// periodStartOf returns the first day of a period key ("2024", "2024-05", "2024-Q2", "2024-H1",
// "2020-2025").
func periodStartOf(key string) (Date, bool) {
	if !ValidPeriod(key) {
		return "", false
	}
	year, rest := key[:4], key[4:]
	month := "01"
	switch {
	case len(rest) == 3 && rest[1] >= '0' && rest[1] <= '9':
		month = rest[1:]
	case len(rest) == 3 && rest[1] == 'Q':
		month = [...]string{"01", "04", "07", "10"}[rest[2]-'1']
	case len(rest) == 3 && rest[1] == 'H':
		month = [...]string{"01", "07"}[rest[2]-'1']
	}
	return Date(year + "-" + month + "-01"), true
}

// CanManageOrg reports whether the actor may change the organisation data of the unit at path:
// its posts, their holders, and the groups and people it keeps. Admins manage the tree; offices
// keep the lists of posts and officials of the units they serve. An empty path asks whether the
// actor may do so anywhere, for data such as people that belong to no unit.
func CanManageOrg(a *Actor, unitPath string) bool {
	return a.HasRole(unitPath, RoleAdmin, RoleOffice)
}

// UnitGroup is a named set of units that a recipient phrase such as "các huyện ủy" expands to.
type UnitGroup struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	UnitIDs []int64 `json:"unit_ids"`
	Version int64   `json:"version"`
}

// Validate checks a group's name and members.
func (g *UnitGroup) Validate() error {
	if err := RequireText("name", g.Name, 300); err != nil {
		return err
	}
	if len(g.UnitIDs) > 10*MaxPageSize {
		return Invalid("unit_ids", "Nhóm quá lớn.", "Too many members.")
	}
	seen := make(map[int64]bool, len(g.UnitIDs))
	for i, id := range g.UnitIDs {
		f := "unit_ids[" + itoa(i) + "]"
		if id <= 0 {
			return Invalid(f, "Mã đơn vị không hợp lệ.", "Invalid unit id.")
		}
		if seen[id] {
			return Invalid(f, "Đơn vị bị lặp lại.", "Repeated unit.")
		}
		seen[id] = true
	}
	return nil
}

// Person is an official. dondoc keeps no personal profile: a name and work contacts only.
type Person struct {
	ID       int64  `json:"id"`
	FullName string `json:"full_name"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Version  int64  `json:"version"`
}

// Validate checks a person's name and work contacts.
func (p *Person) Validate() error {
	if err := RequireText("full_name", p.FullName, 200); err != nil {
		return err
	}
	if err := OptionalText("email", p.Email, 254); err != nil {
		return err
	}
	if p.Email != "" && (!strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " \t\r\n")) {
		return Invalid("email", "Địa chỉ thư điện tử không hợp lệ.", "Invalid e-mail address.")
	}
	if err := OptionalText("phone", p.Phone, 30); err != nil {
		return err
	}
	for _, r := range p.Phone {
		if !(r >= '0' && r <= '9' || r == '+' || r == ' ' || r == '.' || r == '-' || r == '(' || r == ')') {
			return Invalid("phone", "Số điện thoại chỉ gồm chữ số, dấu cách và + . - ( ).", "A phone number holds only digits, spaces and + . - ( ).")
		}
	}
	return nil
}

// Post is a position in a unit. Accountability sits with the post, so it survives a change of
// holder. Area names the locality or field a leader is assigned to (phụ trách).
type Post struct {
	ID      int64  `json:"id"`
	UnitID  int64  `json:"unit_id"`
	Title   string `json:"title"`
	IsHead  bool   `json:"is_head"`
	Area    string `json:"area,omitempty"`
	Version int64  `json:"version"`
}

// Validate checks a post's title and area.
func (p *Post) Validate() error {
	if p.UnitID <= 0 {
		return Invalid("unit_id", "Cần đơn vị của chức vụ.", "The unit of the post is required.")
	}
	if err := RequireText("title", p.Title, 300); err != nil {
		return err
	}
	return OptionalText("area", p.Area, 500)
}

// Holding records who held a post from one date to another; To is empty while it is held.
type Holding struct {
	ID       int64 `json:"id"`
	PostID   int64 `json:"post_id"`
	PersonID int64 `json:"person_id"`
	From     Date  `json:"from"`
	To       Date  `json:"to"`
}

// UnitFilter narrows unit lists.
type UnitFilter struct {
	ParentID *int64
	Kind     UnitKind
	Q        string
	AsOf     Date
	Cursor   string
	Limit    int
}

// OrgService manages the unit tree, groups, people, posts and holdings.
type OrgService interface {
	CreateUnit(ctx context.Context, in UnitInput) (*Unit, error)
	GetUnit(ctx context.Context, id int64) (*Unit, error)
	UpdateUnit(ctx context.Context, id, version int64, in UnitInput) (*Unit, error)
	ListUnits(ctx context.Context, f UnitFilter) (*Page[Unit], error)
	RecordUnitChange(ctx context.Context, c UnitChange) (*UnitChange, error)

	CreateGroup(ctx context.Context, g UnitGroup) (*UnitGroup, error)
	GetGroup(ctx context.Context, id int64) (*UnitGroup, error)
	ListGroups(ctx context.Context) ([]UnitGroup, error)

	CreatePerson(ctx context.Context, p Person) (*Person, error)
	GetPerson(ctx context.Context, id int64) (*Person, error)
	ListPeople(ctx context.Context, q string, cursor string, limit int) (*Page[Person], error)

	CreatePost(ctx context.Context, p Post) (*Post, error)
	ListPosts(ctx context.Context, unitID int64) ([]Post, error)
	// AssignHolder ends the current holding of the post the day before from and starts a new one.
	AssignHolder(ctx context.Context, postID, personID int64, from Date) (*Holding, error)
	ListHoldings(ctx context.Context, postID int64) ([]Holding, error)
}

// Page is one page of a list with the cursor of the next page; NextCursor is empty on the last.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// MaxPageSize bounds list pages so that no request can ask for the whole table.
const MaxPageSize = 200

// PageSize clamps a requested page size to a sensible range.
func PageSize(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}
