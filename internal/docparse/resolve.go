package docparse

import (
	"context"
	"slices"
	"strings"

	"dondoc"
	"dondoc/internal/vntext"
)

// Registry is the unit registry that unit phrases are matched against. It is an interface so that
// the parser stays free of the database: the server and the command line pass OrgRegistry, tests
// pass a list made by hand.
type Registry interface {
	// Units lists every unit that may be named by the document.
	Units(ctx context.Context) ([]dondoc.Unit, error)
	// Groups lists the unit groups that a collective phrase such as "các sở, ban, ngành" means.
	Groups(ctx context.Context) ([]dondoc.UnitGroup, error)
}

// OrgRegistry reads the registry through dondoc.OrgService, within the actor of the context. AsOf,
// when set, keeps only the units that existed on that day (the document's date), so that a merged
// or renamed unit is not proposed for an old document.
type OrgRegistry struct {
	Org  dondoc.OrgService
	AsOf dondoc.Date
}

// Units pages through every unit valid on AsOf.
func (r OrgRegistry) Units(ctx context.Context) ([]dondoc.Unit, error) {
	var all []dondoc.Unit
	f := dondoc.UnitFilter{AsOf: r.AsOf, Limit: dondoc.MaxPageSize}
	for {
		page, err := r.Org.ListUnits(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all, nil
		}
		f.Cursor = page.NextCursor
	}
}

// Groups lists every unit group.
func (r OrgRegistry) Groups(ctx context.Context) ([]dondoc.UnitGroup, error) {
	return r.Org.ListGroups(ctx)
}

// Resolution is what one printed unit phrase was matched to. A phrase that matches nothing, or
// more than one unit equally well, stays Resolved false with its text verbatim (and the candidates
// when ambiguous) so that the clerk chooses: the resolver never guesses.
type Resolution struct {
	Text       string  `json:"text"`
	Span       Span    `json:"span"`
	Resolved   bool    `json:"resolved"`
	UnitIDs    []int64 `json:"unit_ids"`
	GroupID    int64   `json:"group_id,omitempty"`
	Candidates []int64 `json:"candidates,omitempty"`
	Confidence float64 `json:"confidence"`
}

// Child is one cascaded task proposed when a lead phrase names a group: each member unit leads its
// own child of the task, which is how a collective assignment is followed up unit by unit.
type Child struct {
	UnitID int64  `json:"unit_id"`
	Name   string `json:"name"`
	Span   Span   `json:"span"`
}

// TaskUnits is the resolution of the unit phrases of one task of a draft (Task is its index in
// Draft.Tasks).
type TaskUnits struct {
	Task       int          `json:"task"`
	Lead       []Resolution `json:"lead"`
	Coordinate []Resolution `json:"coordinate"`
	Children   []Child      `json:"children"`
}

// Resolver matches unit phrases against a snapshot of a registry. Build it once per document with
// NewResolver; it is then safe for concurrent use.
type Resolver struct {
	keys      map[string][]*dondoc.Unit // every key of a unit, including the weaker ones
	strong    map[string]bool           // keys that are a full name or short name, not a shortened one
	groups    []groupKey
	byID      map[int64]*dondoc.Unit
	provinces []string // folded names of the provinces, for "tỉnh Bắc Giang" qualifiers
}

// groupKey is a group with the significant words of its name.
type groupKey struct {
	group *dondoc.UnitGroup
	words map[string]bool
}

// NewResolver reads the registry once.
func NewResolver(ctx context.Context, reg Registry) (*Resolver, error) {
	units, err := reg.Units(ctx)
	if err != nil {
		return nil, err
	}
	groups, err := reg.Groups(ctx)
	if err != nil {
		return nil, err
	}
	r := &Resolver{keys: map[string][]*dondoc.Unit{}, byID: map[int64]*dondoc.Unit{}}
	var provinces []string
	for i := range units {
		u := &units[i]
		r.byID[u.ID] = u
		if u.Kind == dondoc.KindProvince {
			if p := strings.TrimPrefix(canon(u.Name), "tinh "); p != canon(u.Name) {
				provinces = append(provinces, p)
			}
		}
	}
	for i := range units {
		u := &units[i]
		for _, name := range []string{u.Name, u.ShortName} {
			if k := canon(name); k != "" && !slices.Contains(r.keys[k], u) {
				r.keys[k] = append(r.keys[k], u)
			}
		}
	}
	for i := range groups {
		r.groups = append(r.groups, groupKey{group: &groups[i], words: significant(canon(groups[i].Name))})
	}
	r.provinces = provinces
	return r, nil
}

// Phrase resolves one printed unit phrase.
func (r *Resolver) Phrase(it Item) Resolution {
	res := Resolution{Text: it.Text, Span: it.Span, UnitIDs: []int64{}}
	k := canon(it.Text)
	if k == "" {
		return res
	}
	if units := r.keys[k]; len(units) > 0 {
		return r.decide(res, units, 0.95)
	}
	// The province qualifier may be printed where the registry has none ("Sở Tài chính tỉnh Bắc
	// Giang") or be shortened ("Ủy ban MTTQ Việt Nam tỉnh" for "… tỉnh Bắc Giang").
	for _, alt := range r.qualified(k) {
		if units := r.keys[alt]; len(units) > 0 {
			return r.decide(res, units, 0.8)
		}
	}
	return r.group(res, k)
}

// decide accepts a single unit and leaves an ambiguous phrase unresolved with its candidates.
func (r *Resolver) decide(res Resolution, units []*dondoc.Unit, conf float64) Resolution {
	if len(units) == 1 {
		res.Resolved, res.UnitIDs, res.Confidence = true, []int64{units[0].ID}, conf
		return res
	}
	for _, u := range units {
		res.Candidates = append(res.Candidates, u.ID)
	}
	res.Candidates = sortedUnique(res.Candidates)
	return res
}

// sortedUnique sorts ids and drops repeats, so that candidates read the same on every run.
func sortedUnique(ids []int64) []int64 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// group matches a collective phrase to a unit group: the same significant words as the group's
// name, or some of them when the phrase is shorter ("UBND các xã, phường" for the group "UBND các
// xã, phường, thị trấn"). A phrase that fits several groups equally is left to the clerk.
func (r *Resolver) group(res Resolution, k string) Resolution {
	words := significant(k)
	if len(words) < 2 || !strings.HasPrefix(k, "cac ") && !strings.Contains(k, " cac ") {
		return res
	}
	var best []*dondoc.UnitGroup
	bestConf := 0.0
	for _, g := range r.groups {
		conf := 0.0
		switch {
		case equalWordSets(words, g.words):
			conf = 0.9
		case wordSubset(words, g.words):
			conf = 0.7
		}
		switch {
		case conf > bestConf:
			best, bestConf = []*dondoc.UnitGroup{g.group}, conf
		case conf > 0 && conf == bestConf:
			best = append(best, g.group)
		}
	}
	if len(best) != 1 {
		for _, g := range best {
			res.Candidates = append(res.Candidates, g.UnitIDs...)
		}
		res.Candidates = sortedUnique(res.Candidates)
		return res
	}
	g := best[0]
	res.Resolved, res.GroupID, res.Confidence = true, g.ID, bestConf
	res.UnitIDs = append([]int64{}, g.UnitIDs...)
	return res
}

// Resolve resolves the lead and coordinating phrases of every task of d and proposes the cascaded
// children of the tasks whose lead is a group.
func (r *Resolver) Resolve(d *Draft) []TaskUnits {
	out := make([]TaskUnits, len(d.Tasks))
	for i, t := range d.Tasks {
		tu := TaskUnits{Task: i, Lead: []Resolution{}, Coordinate: []Resolution{}, Children: []Child{}}
		for _, it := range t.Lead {
			res := r.Phrase(it)
			tu.Lead = append(tu.Lead, res)
			if res.GroupID == 0 {
				continue
			}
			for _, id := range res.UnitIDs {
				c := Child{UnitID: id, Span: res.Span}
				if u := r.byID[id]; u != nil {
					c.Name = u.Name
				}
				tu.Children = append(tu.Children, c)
			}
		}
		for _, it := range t.Coordinate {
			tu.Coordinate = append(tu.Coordinate, r.Phrase(it))
		}
		out[i] = tu
	}
	return out
}

// abbreviations maps the folded abbreviations of official names to their folded long forms. Keys
// of several words come from "KH&ĐT" and the like, whose "&" Fold turns into a space.
var abbreviations = map[string]string{
	"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc",
	"ubmttq": "uy ban mat tran to quoc", "ubkt": "uy ban kiem tra", "bch": "ban chap hanh",
	"btv": "ban thuong vu", "vp": "van phong", "tp": "thanh pho", "tx": "thi xa",
	"kh dt": "ke hoach va dau tu", "khdt": "ke hoach va dau tu", "kh va dt": "ke hoach va dau tu",
	"gtvt":     "giao thong van tai",
	"ld tb xh": "lao dong thuong binh va xa hoi", "ld tb va xh": "lao dong thuong binh va xa hoi",
	"ldtbxh": "lao dong thuong binh va xa hoi",
	"tt tt":  "thong tin va truyen thong", "tt va tt": "thong tin va truyen thong", "tttt": "thong tin va truyen thong",
	"tn mt": "tai nguyen va moi truong", "tn va mt": "tai nguyen va moi truong", "tnmt": "tai nguyen va moi truong",
	"nn ptnt": "nong nghiep va phat trien nong thon", "nn va ptnt": "nong nghiep va phat trien nong thon",
	"nnptnt":   "nong nghiep va phat trien nong thon",
	"vh tt dl": "van hoa the thao va du lich", "vh tt va dl": "van hoa the thao va du lich",
	"vhttdl": "van hoa the thao va du lich",
	"gd dt":  "giao duc va dao tao", "gd va dt": "giao duc va dao tao", "gddt": "giao duc va dao tao",
	"kh cn": "khoa hoc va cong nghe", "kh va cn": "khoa hoc va cong nghe", "khcn": "khoa hoc va cong nghe",
}

// maxAbbrevWords is the most words an abbreviation key has.
const maxAbbrevWords = 4

// canon is the matching key of a unit name or phrase: folded (no accents, lower case, punctuation
// as spaces) with every abbreviation written out, so that "Sở KH&ĐT" and "Sở Kế hoạch và Đầu
// tư" meet.
func canon(s string) string {
	ws := strings.Fields(vntext.Fold(s))
	out := make([]string, 0, len(ws))
	for i := 0; i < len(ws); {
		n := 1
		rep := ws[i]
		for k := min(maxAbbrevWords, len(ws)-i); k >= 1; k-- {
			if long, ok := abbreviations[strings.Join(ws[i:i+k], " ")]; ok {
				n, rep = k, long
				break
			}
		}
		out = append(out, rep)
		i += n
	}
	return strings.Join(out, " ")
}

// qualified lists the other spellings of a key's province qualifier: without a trailing "tỉnh" or
// "tỉnh <province>", and with the province's name after a bare trailing "tỉnh". A key left with a
// single word is not tried: "Sở" alone names no unit.
func (r *Resolver) qualified(k string) []string {
	var out []string
	suffixes := []string{" tinh"}
	for _, p := range r.provinces {
		suffixes = append(suffixes, " tinh "+p)
		if strings.HasSuffix(k, " tinh") {
			out = append(out, k+" "+p)
		}
	}
	for _, suf := range suffixes {
		if rest, ok := strings.CutSuffix(k, suf); ok && strings.Contains(rest, " ") {
			out = append(out, rest)
		}
	}
	return out
}

// groupStopWords carry no meaning for matching a collective phrase to a group.
var groupStopWords = map[string]bool{"cac": true, "va": true, "tinh": true, "truc": true, "thuoc": true}

// significant is the set of words of a folded key that matter for matching groups.
func significant(k string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(k) {
		if !groupStopWords[w] {
			out[w] = true
		}
	}
	return out
}

func equalWordSets(a, b map[string]bool) bool { return len(a) == len(b) && wordSubset(a, b) }

func wordSubset(a, b map[string]bool) bool {
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}
