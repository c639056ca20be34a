package dondoc

import (
	"context"
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
type UnitChange struct {
	ID           int64          `json:"id"`
	Kind         UnitChangeKind `json:"kind"`
	Effective    Date           `json:"effective"`
	Predecessors []int64        `json:"predecessors"`
	Successors   []int64        `json:"successors"`
	Note         string         `json:"note,omitempty"`
}

// UnitGroup is a named set of units that a recipient phrase such as "các huyện ủy" expands to.
type UnitGroup struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	UnitIDs []int64 `json:"unit_ids"`
	Version int64   `json:"version"`
}

// Person is an official. dondoc keeps no personal profile: a name and work contacts only.
type Person struct {
	ID       int64  `json:"id"`
	FullName string `json:"full_name"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Version  int64  `json:"version"`
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
