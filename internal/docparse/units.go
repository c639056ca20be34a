package docparse

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is one word of a clause: [start, end) in the clause text, its lower-case form, and the
// punctuation that follows it before the next word.
type word struct {
	start, end int
	lo         string
	after      string
}

// words splits s into words; punctuation other than the joiners inside names ("-", "/", "&", ".")
// goes into the after field of the word before it. The words share the memory of s and of one
// lower-cased copy.
func words(s string) []word {
	lo := lower(s)
	out := make([]word, 0, len(s)/5+1)
	i := 0
	for i < len(s) {
		r, sz := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += sz
			continue
		}
		j := i
		for j < len(s) {
			r, sz := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) && !(strings.ContainsRune("-/&.'", r) && j+sz < len(s) && isWordRune(firstRune(s[j+sz:]))) {
				break
			}
			j += sz
		}
		out = append(out, word{start: i, end: j, lo: lo[i:j]})
		i = j
	}
	for k := range out {
		next := len(s)
		if k+1 < len(out) {
			next = out[k+1].start
		}
		out[k].after = s[out[k].end:next]
	}
	return out
}

func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r < 0x250 && foldLow[r] >= 'a':
		return true
	case r >= 0x1E00 && r < 0x1F00 && foldExt[r-0x1E00] >= 'a':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// phraseSet is a list of lower-case phrases indexed by their first word, longest first, so that
// matching at a word costs one map look-up.
type phraseSet map[string][][]string

// newPhraseSet indexes phrases (words separated by single spaces).
func newPhraseSet(phs ...string) phraseSet {
	set := phraseSet{}
	for _, ph := range phs {
		parts := strings.Split(ph, " ")
		set[parts[0]] = append(set[parts[0]], parts)
	}
	for _, v := range set {
		sort.SliceStable(v, func(i, j int) bool { return len(v[i]) > len(v[j]) })
	}
	return set
}

// anyPhrase returns the length in words of the longest phrase of set found at index k, or 0.
func anyPhrase(ws []word, k int, set phraseSet) int {
	if k >= len(ws) {
		return 0
	}
next:
	for _, parts := range set[ws[k].lo] {
		if k+len(parts) > len(ws) {
			continue
		}
		for i := 1; i < len(parts); i++ {
			if ws[k+i].lo != parts[i] || strings.TrimSpace(ws[k+i-1].after) != "" {
				continue next
			}
		}
		return len(parts)
	}
	return 0
}

// unitHeads are the words a unit phrase starts with: bodies, office holders and the collective
// nouns of Vietnamese directives ("các sở, ban, ngành", "người đứng đầu").
var unitHeads = newPhraseSet("ủy ban", "uỷ ban", "ubnd", "hđnd", "ubmttq", "mttq", "hội đồng", "sở", "bộ", "ban",
	"văn phòng", "công an", "đài", "báo", "hội", "hiệp hội", "liên minh", "liên đoàn", "đoàn", "mặt trận",
	"tỉnh đoàn", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ", "huyện ủy", "huyện uỷ", "đảng ủy", "đảng uỷ",
	"đảng đoàn", "cục", "chi cục", "tổng cục", "kho bạc", "ngân hàng", "thanh tra", "trường", "trung tâm",
	"bệnh viện", "viện", "phòng", "bộ chỉ huy", "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc",
	"thủ trưởng", "chánh", "trưởng", "bí thư", "người đứng đầu", "các", "đồng chí", "cấp ủy", "cấp uỷ",
	"chính quyền", "cơ quan", "đơn vị", "địa phương", "tổ chức", "chủ rừng", "thủ tướng", "phó thủ tướng",
	"chính phủ", "lực lượng", "doanh nghiệp", "ủy viên", "uỷ viên", "tập đoàn", "tổng công ty", "công ty",
	"thường trực", "tòa án", "toà án", "viện kiểm sát", "bộ đội", "tổ", "đội", "ban quản lý",
	"hợp tác xã", "cán bộ", "bch", "cấp có thẩm quyền", "cấp trên")

// nameHeads are nouns after which a verb-looking word belongs to the name: "Ban Quản lý", "Ban
// Chỉ đạo", "Hội đồng Thẩm định", "Ban xây dựng đảng".
var nameHeads = map[string]bool{"ban": true, "sở": true, "bộ": true, "tổ": true, "đội": true, "phòng": true,
	"trung tâm": true, "hội đồng": true, "cơ quan": true}

// predicateWords end a unit phrase: the verbs and adverbs that open the predicate of an
// assignment.
var predicateWords = newPhraseSet("chủ trì", "phối hợp", "thực hiện", "triển khai", "tổ chức", "nghiên cứu",
	"có trách nhiệm", "chịu trách nhiệm", "có", "khẩn trương", "tiếp tục", "xem xét", "xây dựng",
	"hướng dẫn", "theo dõi", "tham mưu", "chỉ đạo", "rà soát", "báo cáo", "căn cứ", "tập trung", "vận động",
	"chủ động", "kiểm tra", "đôn đốc", "hoàn thành", "hoàn chỉnh", "lãnh đạo", "tăng cường", "đẩy mạnh",
	"quán triệt", "cân đối", "bố trí", "xử lý", "thẩm định", "trình", "gửi", "phản ánh", "là", "cần", "phải",
	"sớm", "kịp thời", "nghiêm túc", "thường xuyên", "định kỳ", "trên cơ sở", "theo", "trong", "nắm",
	"đề xuất", "giúp", "quản lý", "bảo đảm", "đảm bảo", "duy trì", "phát động", "tuyên truyền", "lập",
	"ban hành", "cung cấp", "phổ biến", "nâng cao", "tổng hợp", "cử", "tiến hành", "thống nhất", "góp ý",
	"tham gia", "ưu tiên", "cập nhật", "đánh giá", "giám sát", "chuẩn bị", "hỗ trợ", "công bố", "quyết liệt",
	"tích cực", "khắc phục", "thông báo", "tiếp nhận", "giải quyết", "ngay", "yêu cầu", "đề nghị",
	"đi công tác", "ủy quyền", "uỷ quyền", "nhận được", "đã", "đang", "sẽ", "kính báo", "xin", "thay mặt",
	"phát huy", "thúc đẩy", "bổ sung", "sửa đổi", "đăng ký", "phát hiện", "ngăn chặn", "tuyệt đối", "nghiêm",
	"chấn chỉnh", "quan tâm", "lưu ý", "huy động", "vận hành", "dự", "nêu cao", "tiếp", "đến", "để", "khi",
	"nếu", "căn", "thu hồi", "hoàn thiện", "mời", "hỗ", "ra", "vào", "tăng", "đưa", "tạo", "làm",
	"cho", "tại", "qua", "với", "được", "phê duyệt", "trước", "ngày", "số")

// continuationWords may follow a comma inside a unit phrase in lower case: "các sở, ban, ngành",
// "các huyện, thị xã, thành phố".
var continuationWords = newPhraseSet("ban", "ngành", "đoàn thể", "thị xã", "thị", "thành phố", "phường", "xã",
	"huyện", "quận", "tỉnh", "đặc khu", "đơn vị", "địa phương", "cơ quan", "tổ chức", "sở", "hội",
	"chủ rừng", "cá nhân", "doanh nghiệp", "đảng bộ", "chi bộ", "đảng đoàn", "ban cán sự", "cấp ủy", "cấp uỷ",
	"chính quyền", "mặt trận", "thủ trưởng", "trưởng", "giám đốc", "chủ tịch", "thị trấn", "trường học",
	"bệnh viện", "các", "lực lượng", "cơ sở", "người đứng đầu", "phòng", "đài", "báo", "viện", "trung tâm",
	"liên đoàn", "hiệp hội", "tập đoàn", "ngân hàng", "đảng ủy", "đảng uỷ", "cơ quan chuyên môn")

// startsUnit reports whether a unit phrase starts at word k.
func startsUnit(ws []word, k int) bool {
	if k >= len(ws) || anyPhrase(ws, k, unitHeads) == 0 {
		return false
	}
	if n := anyPhrase(ws, k, predicateWords); n > 1 || n == 1 && k == 0 {
		return false
	}
	if ws[k].lo == "các" {
		return k+1 < len(ws) && (anyPhrase(ws, k+1, unitHeads) > 0 || anyPhrase(ws, k+1, continuationWords) > 0 ||
			strings.HasPrefix(ws[k+1].lo, "đồng") || ws[k+1].lo == "thành")
	}
	return true
}

// isPredicate reports whether word k opens the predicate, given the words before it.
func isPredicate(ws []word, k int, s string) bool {
	n := anyPhrase(ws, k, predicateWords)
	if n == 0 {
		return false
	}
	lo := ws[k].lo
	if k > 0 && strings.TrimSpace(ws[k-1].after) == "" {
		prev := ws[k-1].lo
		if nameHeads[prev] || prev == "về" || prev == "việc" || prev == "nhằm" || prev == "của" || prev == "công" && lo == "tác" {
			return false
		}
		if k > 1 && n > 1 && nameHeads[ws[k-2].lo+" "+prev] {
			return false
		}
		if lo == "tổ" && (prev == "các" || prev == "và") {
			return false
		}
	}
	if lo == "tổ" && k > 0 && strings.Contains(ws[k-1].after, ",") {
		return false
	}
	if lo == "có" && anyPhrase(ws, k, relatedSet) > 0 {
		return false
	}
	if lo == "tổ" && k+2 < len(ws) && (ws[k+2].lo == "đảng" || ws[k+2].lo == "chính" || ws[k+2].lo == "cá") {
		return false
	}
	if (lo == "trong" || lo == "theo" || lo == "tại" || lo == "với" || lo == "cho" || lo == "qua" || lo == "đến") && !unicode.IsLower(firstRune(s[ws[k].start:])) {
		return false
	}
	return true
}

// relatedSet holds "có liên quan" and "có thẩm quyền", which qualify a unit rather than open a
// predicate.
var relatedSet = newPhraseSet("có liên quan", "có thẩm quyền")

// unitPhrase reads a unit phrase starting at word k of s and returns the index of the word after
// it. It stops at the predicate, at a comma followed by a lower-case word that cannot continue a
// list of units ("Sở Tài chính, trên cơ sở …"), and at the end of the clause.
func unitPhrase(ws []word, k int, s string) int {
	if !startsUnit(ws, k) {
		return k
	}
	depth := 0
	j := k
	for j < len(ws) && j-k < 40 {
		if j > k && depth == 0 && isPredicate(ws, j, s) {
			break
		}
		a := ws[j].after
		depth += strings.Count(a, "(") - strings.Count(a, ")")
		if depth < 0 {
			depth = 0
		}
		j++
		if depth > 0 || j >= len(ws) {
			continue
		}
		if strings.ContainsAny(a, ".!?") && !strings.Contains(a, ",") {
			break
		}
		if strings.Contains(a, ",") {
			next := ws[j]
			if unicode.IsUpper(firstRune(s[next.start:])) {
				if isPredicate(ws, j, s) {
					break
				}
				continue
			}
			if anyPhrase(ws, j, continuationWords) == 0 {
				break
			}
		}
	}
	for j > k && (ws[j-1].lo == "và" || ws[j-1].lo == "với") {
		j--
	}
	return j
}

// unitSplitHeads start a new unit after a comma, a semicolon or "và" in a list of leads.
var unitSplitHeads = newPhraseSet("sở", "ủy ban", "uỷ ban", "ubnd", "ban", "bộ", "hội", "hiệp hội", "liên minh",
	"liên đoàn", "đài", "báo", "văn phòng", "công an", "thủ trưởng", "giám đốc", "chủ tịch", "chánh",
	"trưởng", "thanh tra", "kho bạc", "cục", "chi cục", "trung tâm", "trường", "viện", "bệnh viện",
	"tỉnh đoàn", "đoàn", "mặt trận", "hội đồng", "đảng ủy", "đảng uỷ", "tỉnh ủy", "tỉnh uỷ", "thường trực",
	"các", "người đứng đầu", "bộ chỉ huy", "ngân hàng", "ủy viên", "uỷ viên", "cơ quan", "lực lượng")

// splitUnits splits a phrase naming several units at semicolons, and at commas and "và" followed
// by the name of another unit, keeping commas inside names ("Sở Văn hóa, Thể thao và Du lịch";
// "các sở, ban, ngành").
func splitUnits(s string, base int, conf float64) []Item {
	ws := words(s)
	var out []Item
	start := 0
	flush := func(end int) {
		v := strings.TrimSpace(s[start:end])
		off := start + strings.Index(s[start:end], v)
		if i := strings.Index(v, ": "); i > 0 && utf8.RuneCountInString(v[:i]) < 20 {
			off += i + 2
			v = v[i+2:]
		}
		v = strings.TrimSpace(trimPunct(v))
		if v != "" && firstLetter(v) != 0 {
			out = append(out, Item{Text: collapse(v), Span: Span{base + off, base + off + len(v)}, Confidence: conf})
		}
	}
	depth := 0
	for k := 0; k < len(ws)-1; k++ {
		a := ws[k].after
		depth += strings.Count(a, "(") - strings.Count(a, ")")
		if depth > 0 {
			continue
		}
		depth = 0
		next := ws[k+1]
		capital := unicode.IsUpper(firstRune(s[next.start:]))
		switch {
		case strings.Contains(a, ";"):
		case strings.Contains(a, ",") && anyPhrase(ws, k+1, unitSplitHeads) > 0 && (capital || next.lo == "các"):
		case strings.TrimSpace(a) == "" && next.lo == "và" && k+2 < len(ws) && anyPhrase(ws, k+2, unitSplitHeads) > 0 &&
			(unicode.IsUpper(firstRune(s[ws[k+2].start:])) || ws[k+2].lo == "các"):
			flush(ws[k].end)
			start = ws[k+2].start
			k++
			continue
		default:
			continue
		}
		flush(ws[k].end)
		start = next.start
	}
	flush(len(s))
	return out
}

// Context phrases that open a clause before its subject ("Trên cơ sở Kế hoạch này, các sở …").
var contextOpeners = newPhraseSet("trên cơ sở", "căn cứ", "để", "đối với", "trong", "nhằm", "sau khi", "trường hợp",
	"thực hiện", "theo", "ngoài ra", "đồng thời", "từ ngày", "nhân dịp", "tại", "qua", "khi", "nếu", "xét",
	"trước mắt", "bên cạnh đó", "mặt khác", "riêng", "hằng năm", "hàng năm", "định kỳ", "từ nay")

// difficultyRE matches the closing "nếu có khó khăn, vướng mắc" before the unit that must report
// them.
var difficultyRE = regexp.MustCompile(`^(?:trong qua trinh[^,]*,\s*)?(?:neu|khi|truong hop)\s+(?:co\s+|phat sinh\s+)?kho khan\s*,?\s*(?:vuong mac\s*)?,?\s*(?:(?:thi|de nghi|yeu cau)\s+)?`)

// subjectAt finds the subject of the clause s: the unit phrase at its start after context phrases
// (skipping up to three of them, each closed by a comma) and the "nếu có khó khăn, vướng mắc"
// opener. It returns the word range of the subject, or ok false.
func subjectAt(ws []word, s string) (int, int, bool) {
	k := 0
	for j := 0; j < len(ws) && j < 15; j++ {
		if ws[j].lo != "khó" {
			continue
		}
		if m := difficultyRE.FindStringIndex(fold(s)); m != nil {
			pos := runeToByte(s, m[1])
			for k < len(ws) && ws[k].start < pos {
				k++
			}
		}
		break
	}
	for tries := 0; tries < 4 && k < len(ws); tries++ {
		if startsUnit(ws, k) && anyOpener(ws, k) == 0 {
			end := unitPhrase(ws, k, s)
			if end > k && end < len(ws) && isPredicate(ws, end, s) && !strings.Contains(ws[end-1].after, ".") {
				return k, end, true
			}
			if end > k && end < len(ws) && strings.Contains(ws[end-1].after, ",") {
				return k, end, true
			}
			return 0, 0, false
		}
		if anyOpener(ws, k) == 0 {
			return 0, 0, false
		}
		for k < len(ws) && !strings.Contains(ws[k].after, ",") {
			k++
		}
		k++
	}
	return 0, 0, false
}

func anyOpener(ws []word, k int) int { return anyPhrase(ws, k, contextOpeners) }

// runeToByte converts a rune count into a byte offset of s (the shadow has one byte per rune).
func runeToByte(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// assignWords introduce the unit an assignment is given to.
var assignWords = newPhraseSet("giao cho", "giao", "đề nghị", "yêu cầu")

// triggerLead finds "giao / đề nghị / yêu cầu X" in the clause and returns X's word range.
func triggerLead(ws []word, s string) (int, int, bool) {
	for k := 0; k < len(ws); k++ {
		n := anyPhrase(ws, k, assignWords)
		if n == 0 {
			continue
		}
		if k > 0 {
			prev := ws[k-1].lo
			if strings.TrimSpace(ws[k-1].after) == "" && (prev == "theo" || prev == "xét" || prev == "được" || prev == "các" ||
				prev == "có" || prev == "cầu" || prev == "những" || prev == "đáp" || prev == "ứng" || prev == "với" || prev == "của" || prev == "tại") {
				continue
			}
		}
		j := k + n
		if j < len(ws) && (ws[j].lo == "của" || ws[j].lo == "tại") {
			continue
		}
		end := unitPhrase(ws, j, s)
		if end > j {
			return j, end, true
		}
	}
	return 0, 0, false
}

// targetWords introduce the unit a result goes to (report_to): "báo cáo X", "gửi X", "trình X",
// "tham mưu X", "phản ánh về X", "đề xuất X".
var targetWords = newPhraseSet("báo cáo", "gửi", "trình", "tham mưu cho", "tham mưu", "phản ánh", "kiến nghị", "đề xuất")

// reportFiller may stand between a reporting verb and its target: "báo cáo kết quả thực hiện về X".
var reportFiller = map[string]bool{"kết": true, "quả": true, "thực": true, "hiện": true, "tình": true, "hình": true,
	"bằng": true, "văn": true, "bản": true, "định": true, "kỳ": true, "cho": true, "kịp": true, "thời": true,
	"đầy": true, "đủ": true, "chính": true, "thức": true, "việc": true, "triển": true, "khai": true, "công": true,
	"tác": true, "nội": true, "dung": true, "xin": true, "ý": true, "kiến": true}

// reportStops end a report target: "trình Thủ tướng Chính phủ trước ngày …", "báo cáo Chủ tịch
// UBND tỉnh kết quả …".
var reportStops = newPhraseSet("trước", "kết quả", "về", "để", "xem xét", "theo", "trong", "tại", "kèm")

// reportTargets returns the units results are reported or sent to, with a "(qua …)" channel kept.
// A target after "để tổng hợp, báo cáo" is the next step of the unit reported to, not of the task.
func reportTargets(ws []word, s string) [][2]int {
	var out [][2]int
	for k := 0; k < len(ws); k++ {
		n := anyPhrase(ws, k, targetWords)
		if n == 0 && ws[k].lo == "về" && k+1 < len(ws) && startsUnit(ws, k+1) {
			if end := unitPhrase(ws, k+1, s); end < len(ws) && ws[end].lo == "để" {
				n = 1
			}
		}
		if n == 0 {
			continue
		}
		if k > 0 && strings.TrimSpace(ws[k-1].after) == "" {
			if prev := ws[k-1].lo; prev == "chương" || prev == "tờ" || prev == "quy" || prev == "lộ" || prev == "các" || prev == "và" && ws[k].lo == "kiến" {
				continue
			}
		}
		if k > 2 && ws[k-1].lo == "hợp" && ws[k-2].lo == "tổng" && ws[k-3].lo == "để" || k > 3 && ws[k-2].lo == "hợp" && ws[k-3].lo == "tổng" && ws[k-4].lo == "để" {
			continue
		}
		j := k + n
		ok := false
		for skip := 0; skip < 8 && j < len(ws); skip++ {
			if startsUnit(ws, j) {
				ok = true
				break
			}
			if lo := ws[j].lo; lo == "về" || lo == "lên" || lo == "đến" || lo == "tới" {
				j++
				ok = startsUnit(ws, j)
				break
			}
			if !reportFiller[ws[j].lo] || strings.ContainsAny(ws[j].after, ",;.") {
				break
			}
			j++
		}
		if !ok || ws[j].lo == "của" {
			continue
		}
		end := unitPhrase(ws, j, s)
		for e := j + 1; e < end; e++ {
			if anyPhrase(ws, e, reportStops) > 0 {
				end = e
				break
			}
		}
		if end <= j {
			continue
		}
		e := ws[end-1].end
		if open := strings.Count(s[ws[j].start:e], "(") - strings.Count(s[ws[j].start:e], ")"); open > 0 {
			if close := strings.IndexByte(ws[end-1].after, ')'); close >= 0 {
				e += close + 1
			}
		}
		if strings.HasPrefix(strings.TrimSpace(ws[end-1].after), "(") && end < len(ws) && ws[end].lo == "qua" {
			if close := strings.IndexByte(s[ws[end].start:], ')'); close > 0 {
				e = ws[end].start + close + 1
				for end < len(ws) && ws[end].start < e {
					end++
				}
			}
		}
		out = append(out, [2]int{ws[j].start, e})
		k = end - 1
	}
	return out
}

// coordinateWords introduce coordinating units.
var coordinateWords = newPhraseSet("phối hợp chặt chẽ với", "phối hợp với", "thống nhất với", "phối hợp cùng")

// coordinateUnits returns the units named with "phối hợp (chặt chẽ) với X" or "thống nhất với X".
func coordinateUnits(ws []word, s string) [][2]int {
	var out [][2]int
	for k := 0; k < len(ws); k++ {
		n := anyPhrase(ws, k, coordinateWords)
		if n == 0 {
			continue
		}
		j := k + n
		end := unitPhrase(ws, j, s)
		if end > j {
			out = append(out, [2]int{ws[j].start, ws[end-1].end})
			k = end - 1
		}
	}
	return out
}
