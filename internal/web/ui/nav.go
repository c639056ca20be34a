package ui

// navEntry is one entry of the main navigation: the left column on wide screens, the bottom bar
// on phones.
type navEntry struct {
	Key, Href, Icon, Label string
	// Extra marks an entry that phones show under "Thêm" rather than in the bottom bar.
	Extra bool
}

// navEntries are the sections of dondoc in the order UI.md gives them. Administration is added
// for those who may use it.
var navEntries = []navEntry{
	{Key: "home", Href: "/", Icon: "⌂", Label: "Trang chủ"},
	{Key: "documents", Href: "/van-ban", Icon: "▤", Label: "Văn bản"},
	{Key: "tasks", Href: "/nhiem-vu", Icon: "☰", Label: "Nhiệm vụ"},
	{Key: "escalations", Href: "/kien-nghi", Icon: "⚑", Label: "Kiến nghị"},
	{Key: "indicators", Href: "/chi-tieu", Icon: "▥", Label: "Chỉ tiêu"},
	{Key: "reports", Href: "/bao-cao", Icon: "▦", Label: "Báo cáo"},
	{Key: "visits", Href: "/di-co-so", Icon: "⚐", Label: "Đi cơ sở"},
}

var adminEntry = navEntry{Key: "admin", Href: "/quan-tri", Icon: "⚙", Label: "Quản trị"}

// phoneBarEntries is how many entries fit the phone's bottom bar at 390 px with their words;
// the others go under "Thêm", so that no section is hidden off the edge of the screen.
const phoneBarEntries = 4

// Nav returns the entries this viewer sees, those beyond the phone's bar marked Extra.
func (v *viewer) Nav() []navEntry {
	out := append([]navEntry(nil), navEntries...)
	if v.CanAdmin {
		out = append(out, adminEntry)
	}
	for i := phoneBarEntries; i < len(out); i++ {
		out[i].Extra = true
	}
	return out
}

// NavMore returns the entries the phone shows under "Thêm".
func (v *viewer) NavMore() []navEntry { return v.Nav()[phoneBarEntries:] }

// InMore says whether the current section is one of those under "Thêm", so that the phone's bar
// marks "Thêm" as where the user is.
func (v *viewer) InMore(key string) bool {
	for _, e := range v.NavMore() {
		if e.Key == key {
			return true
		}
	}
	return false
}
