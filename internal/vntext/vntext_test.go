package vntext_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"dondoc/internal/vntext"
)

// vietnameseLower lists the Vietnamese vowels in every tone (none, huyền,
// hỏi, ngã, sắc, nặng) followed by đ, typed out by hand so that the letters
// generated in TestFoldVietnameseLetters are checked against an independent
// source.
const vietnameseLower = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"

// refFold is a slow, literal transcription of Fold's specification, used as
// the oracle for the single-pass implementation. Invalid UTF-8 is replaced
// first, because Fold documents invalid bytes as separators while norm leaves
// them in place and then may not decompose the rune that follows.
func refFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\ufffd")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if r == 'đ' || r == 'ð' {
			r = 'd'
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func TestNFC(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii", "UBND", "UBND"},
		{"already NFC", "Nghị quyết", "Nghị quyết"},
		{"decomposed", "Nghe\u0323\u0302 An", "Nghệ An"},
		{"marks in non-canonical order", "Nghe\u0302\u0323 An", "Nghệ An"},
		{"decomposed horn and tone", "Thu\u031b\u0301c", "Thức"},
		{"old tone placement is kept", "Hoa\u0300", "Hoà"},
		{"đ is untouched", "Đồng", "Đồng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vntext.NFC(tt.in); got != tt.want {
				t.Errorf("NFC(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only separators", " -/.,;:!?\t\n\r", ""},
		{"place name", "Cầu Đồng Việt", "cau dong viet"},
		{"document reference", "Quyết định số 12/QĐ-TTg", "quyet dinh so 12 qd ttg"},
		{"upper case", "ĐỒNG VIỆT", "dong viet"},
		{"old tone placement", "Thuỷ", "thuy"},
		{"new tone placement", "Thủy", "thuy"},
		{"hoà and hòa", "Hoà Hòa KHOẺ khỏe", "hoa hoa khoe khoe"},
		{"decomposed input", "Ca\u0302\u0300u \u0110o\u0302\u0300ng", "cau dong"},
		{"marks in non-canonical order", "Nghe\u0302\u0323", "nghe"},
		{"ascii is lower-cased", "UBND TP.HCM", "ubnd tp hcm"},
		{"digits inside words", "C2H5OH 2024", "c2h5oh 2024"},
		{"collapses and trims", "  Hà   Nội \t\n ", "ha noi"},
		{"no-break space", "Hà\u00a0Nội", "ha noi"},
		{"typographic punctuation", "“Sở Nội vụ” – báo cáo…", "so noi vu bao cao"},
		{"zero-width space separates", "Hà\u200bNội", "ha noi"},
		{"stray combining mark on ascii", "a\u0301b\u0323c", "abc"},
		{"leading combining mark", "\u0301an", "an"},
		{"eth looks like Đ", "ÐÀ NẴNG ðà", "da nang da"},
		{"invalid UTF-8 separates", "Hà\xffNội\xe1\xbb", "ha noi"},
		{"mark after invalid lead byte", "\xf7Ā", "a"},
		{"replacement character separates", "a\ufffdb", "a b"},
		{"other scripts keep letters", "Ελλάδα 日本", "ελλαδα 日本"},
		{"hangul precomposed and decomposed agree", "한국", refFold("한국")},
		{"full-width letters are letters", "ＵＢＮＤ", "ｕｂｎｄ"},
		{"non-decimal numbers are separators", "Điều ① khoản Ⅱ", "dieu khoan"},
		{"dotted capital I", "İ", "i"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vntext.Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got, want := vntext.Fold(norm.NFD.String(tt.in)), tt.want; got != want {
				t.Errorf("Fold(NFD(%q)) = %q, want %q", tt.in, got, want)
			}
			if got, want := vntext.Fold(tt.in), refFold(tt.in); got != want {
				t.Errorf("Fold(%q) = %q, reference gives %q", tt.in, got, want)
			}
		})
	}
}

// TestFoldEveryRune compares Fold with the reference for every Unicode code
// point, alone and between letters, which covers the fast-path tables, the
// decomposition path and the separator handling around each of them.
func TestFoldEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive over all of Unicode")
	}
	for r := range rune(unicode.MaxRune + 1) {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "b"} {
			if got, want := vntext.Fold(s), refFold(s); got != want {
				t.Fatalf("Fold(%+q) = %+q, reference gives %+q", s, got, want)
			}
		}
	}
}

// TestFoldVietnameseLetters folds every Vietnamese vowel in every tone, in
// both cases and in both NFC and NFD, plus đ and Đ: the 134 non-ASCII letters
// of the Vietnamese alphabet and their 12 unaccented vowels.
func TestFoldVietnameseLetters(t *testing.T) {
	bases := []struct {
		vowel string
		want  string
	}{
		{"a", "a"}, {"ă", "a"}, {"â", "a"},
		{"e", "e"}, {"ê", "e"},
		{"i", "i"},
		{"o", "o"}, {"ô", "o"}, {"ơ", "o"},
		{"u", "u"}, {"ư", "u"},
		{"y", "y"},
	}
	// No tone, huyền, hỏi, ngã, sắc, nặng: the order of vietnameseLower.
	tones := []string{"", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"}

	type letter struct{ lower, want string }
	var letters []letter
	for _, b := range bases {
		for _, tone := range tones {
			letters = append(letters, letter{norm.NFC.String(b.vowel + tone), b.want})
		}
	}
	letters = append(letters, letter{"đ", "d"})

	var generated strings.Builder
	nonASCII := map[string]bool{}
	for _, l := range letters {
		generated.WriteString(l.lower)
		upper := strings.ToUpper(l.lower)
		for _, s := range []string{l.lower, upper} {
			if n := utf8.RuneCountInString(s); n != 1 {
				t.Fatalf("%q (from %+q) is %d code points in NFC, want one precomposed letter", s, l.lower, n)
			}
			if s[0] >= utf8.RuneSelf {
				nonASCII[s] = true
			}
			nfd := norm.NFD.String(s)
			if s[0] >= utf8.RuneSelf && s != "đ" && s != "Đ" && utf8.RuneCountInString(nfd) < 2 {
				t.Errorf("NFD(%q) = %+q did not decompose, so the NFD case is not exercised", s, nfd)
			}
			if got := vntext.Fold(s); got != l.want {
				t.Errorf("Fold(%q) (NFC) = %q, want %q", s, got, l.want)
			}
			if got := vntext.Fold(nfd); got != l.want {
				t.Errorf("Fold(%+q) (NFD of %q) = %q, want %q", nfd, s, got, l.want)
			}
		}
	}
	if got := generated.String(); got != vietnameseLower {
		t.Errorf("generated alphabet\n%s\ndiffers from the hand-typed one\n%s", got, vietnameseLower)
	}
	if len(nonASCII) != 134 {
		t.Errorf("tested %d distinct non-ASCII letters, want 134", len(nonASCII))
	}
}

func TestFoldToneSpellingsAgree(t *testing.T) {
	// Old-style (hoà, thuỷ) and new-style (hòa, thủy) tone placement, and
	// precomposed versus decomposed input, must give one search key.
	pairs := [][2]string{
		{"Thuỷ lợi", "Thủy lợi"},
		{"Hoà Bình", "Hòa Bình"},
		{"Khánh Hoà", "Khánh Hòa"},
		{"Quý", "Qúy"},
		{"Sở Tài nguyên và Môi trường", norm.NFD.String("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")},
		{"Nghị quyết", "nghi quyet"},
	}
	for _, p := range pairs {
		if a, b := vntext.Fold(p[0]), vntext.Fold(p[1]); a != b {
			t.Errorf("Fold(%q) = %q but Fold(%q) = %q", p[0], a, p[1], b)
		}
	}
}

func TestFoldQuery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"only punctuation", " !!! -- ", []string{}},
		{"single term", "Đồng", []string{"dong"}},
		{"terms", "  Quyết   định ", []string{"quyet", "dinh"}},
		{"document number", "12/QĐ-TTg", []string{"12", "qd", "ttg"}},
		{"operators become separators", `"Hà Nội" OR -Huế*`, []string{"ha", "noi", "or", "hue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vntext.FoldQuery(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("FoldQuery(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for _, term := range got {
				if term == "" {
					t.Errorf("FoldQuery(%q) returned an empty term", tt.in)
				}
			}
		})
	}
}

func TestNormalizeDocNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"resolution", "307-NQ/TU", "307nqtu"},
		{"plan", "45/KH-UBND", "45khubnd"},
		{"label, year and leading zero", "Số: 06/2024/QĐ-UBND", "62024qdubnd"},
		{"lower-case label", "số 12/QĐ-TTg", "12qdttg"},
		{"upper-case label without space", "SỐ:12/NQ-CP", "12nqcp"},
		{"unaccented label", "So 12/QD-TTg", "12qdttg"},
		{"decomposed label", norm.NFD.String("Số: 12/QĐ-TTg"), "12qdttg"},
		{"leading zero", "05/KH-UBND", "5khubnd"},
		{"no leading zero", "5/KH-UBND", "5khubnd"},
		{"several leading zeros", "007/BC-UBND", "7bcubnd"},
		{"zero alone is kept", "0/TB", "0tb"},
		{"zeros collapse to one", "000/TB", "0tb"},
		{"zero before a letter is kept", "0a/TB", "0atb"},
		{"only the first number loses zeros", "12/2024/0QĐ", "1220240qd"},
		{"symbol first keeps zeros", "CV-05/UBND", "cv05ubnd"},
		{"spaces and case", "  45 / kh - ubnd ", "45khubnd"},
		{"label alone", "Số:", ""},
		{"so inside is kept", "12/SO-UBND", "12soubnd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vntext.NormalizeDocNumber(tt.in); got != tt.want {
				t.Errorf("NormalizeDocNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// provinces is in Vietnamese alphabetical order: a < ă < â and d < đ are
// primary differences, tones secondary.
var provinces = []string{"An", "Ăn", "Ân", "Bạc Liêu", "Bình Dương", "Cà Mau", "Dak Lak", "Đà Nẵng", "Điện Biên"}

func TestSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		ss := slices.Clone(provinces)
		rng.Shuffle(len(ss), func(i, j int) { ss[i], ss[j] = ss[j], ss[i] })
		in := slices.Clone(ss)
		vntext.Sort(ss)
		if !slices.Equal(ss, provinces) {
			t.Fatalf("shuffle %d: Sort(%q) = %q, want %q", i, in, ss, provinces)
		}
	}
}

func TestSortTiesAreDeterministic(t *testing.T) {
	nfc, nfd := "Hà Nội", norm.NFD.String("Hà Nội")
	want := []string{nfd, nfc} // equal by collation, so ordered by bytes
	for _, in := range [][]string{{nfc, nfd}, {nfd, nfc}} {
		ss := slices.Clone(in)
		vntext.Sort(ss)
		if !slices.Equal(ss, want) {
			t.Errorf("Sort(%+q) = %+q, want %+q", in, ss, want)
		}
	}
}

func TestSortAgreesWithCompare(t *testing.T) {
	ss := []string{
		"Ơn", "Ôn", "On", "Ốc", "ốc", "Ư", "U", "Ứ", "Yên Bái", "Đông", "Dông", "đông",
		"ma", "mà", "mả", "mã", "má", "mạ", "Ma", "", "1", "10", "2", "Z", "-", "Ê", "E",
	}
	got := slices.Clone(ss)
	vntext.Sort(got)
	want := slices.Clone(ss)
	slices.SortStableFunc(want, vntext.Compare)
	slices.Reverse(want) // stability must not matter: no two of ss collate equal
	slices.SortStableFunc(want, vntext.Compare)
	if !slices.Equal(got, want) {
		t.Errorf("Sort = %q\nsorting by Compare = %q", got, want)
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"An", "Ăn", -1},
		{"Ăn", "Ân", -1},
		{"Ân", "Bạc Liêu", -1},
		{"Dak Lak", "Đà Nẵng", -1},
		{"Đà Nẵng", "Điện Biên", -1},
		{"Zô", "Đà Nẵng", 1},
		{"Yên Bái", "Ăn", 1},
		{"o", "ô", -1},
		{"ô", "ơ", -1},
		{"u", "ư", -1},
		{"e", "ê", -1},
		{"ma", "mà", -1}, // tones are a secondary difference after the base letter
		{"mạ", "mb", -1},
		{"Hà Nội", "Hà Nội", 0},
		{"Hà Nội", norm.NFD.String("Hà Nội"), 0},
		{"", "a", -1},
	}
	for _, tt := range tests {
		t.Run(tt.a+"|"+tt.b, func(t *testing.T) {
			if got := vntext.Compare(tt.a, tt.b); got != tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := vntext.Compare(tt.b, tt.a); got != -tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

// TestCollationConcurrent exercises the collator pool from many goroutines;
// run it with -race.
func TestCollationConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for range 200 {
				i, j := rng.IntN(len(provinces)), rng.IntN(len(provinces))
				want := 0
				if i < j {
					want = -1
				} else if i > j {
					want = 1
				}
				if got := vntext.Compare(provinces[i], provinces[j]); got != want {
					t.Errorf("Compare(%q, %q) = %d, want %d", provinces[i], provinces[j], got, want)
					return
				}
			}
			ss := slices.Clone(provinces)
			rng.Shuffle(len(ss), func(i, j int) { ss[i], ss[j] = ss[j], ss[i] })
			vntext.Sort(ss)
			if !slices.Equal(ss, provinces) {
				t.Errorf("concurrent Sort = %q, want %q", ss, provinces)
			}
		})
	}
	wg.Wait()
}

func TestFormatDate(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, time.May, 6, 0, 0, 0, 0, hcm), "06/05/2024"},
		{time.Date(2024, time.December, 31, 23, 59, 59, 0, hcm), "31/12/2024"},
		{time.Date(2025, time.January, 1, 8, 0, 0, 0, time.UTC), "01/01/2025"},
		{time.Date(2024, time.February, 29, 12, 0, 0, 0, hcm), "29/02/2024"},
	}
	for _, tt := range tests {
		if got := vntext.FormatDate(tt.in); got != tt.want {
			t.Errorf("FormatDate(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		f        float64
		decimals int
		want     string
	}{
		{0, 0, "0"},
		{0, 2, "0,00"},
		{7, 0, "7"},
		{999, 0, "999"},
		{1000, 0, "1.000"},
		{1234567, 0, "1.234.567"},
		{123456789, 0, "123.456.789"},
		{1234.5, 1, "1.234,5"},
		{1234.5, 0, "1.235"},
		{1234.5, 3, "1.234,500"},
		{1234.567, 2, "1.234,57"},
		{-1234, 0, "-1.234"},
		{-1234567.891, 2, "-1.234.567,89"},
		{0.5, 0, "1"},
		{2.5, 0, "3"},
		{-2.5, 0, "-3"},
		{1.005, 2, "1,01"},
		{0.125, 2, "0,13"},
		{999.95, 1, "1.000,0"},
		{999999.5, 0, "1.000.000"},
		{9.99, 1, "10,0"},
		{-0.4, 0, "0"},
		{-0.04, 1, "0,0"},
		{math.Copysign(0, -1), 0, "0"},
		{1234.5678, -1, "1.234,5678"},
		{1e21, 0, "1.000.000.000.000.000.000.000"},
		{0.0001, 2, "0,00"},
		{math.NaN(), 2, "NaN"},
		{math.Inf(1), 0, "+Inf"},
		{math.Inf(-1), 0, "-Inf"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.f, "/", tt.decimals), func(t *testing.T) {
			if got := vntext.FormatNumber(tt.f, tt.decimals); got != tt.want {
				t.Errorf("FormatNumber(%v, %d) = %q, want %q", tt.f, tt.decimals, got, tt.want)
			}
		})
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		f        float64
		decimals int
		want     string
	}{
		{12.5, 1, "12,5%"},
		{12.5, 0, "13%"},
		{100, 0, "100%"},
		{0, 1, "0,0%"},
		{66.666, 2, "66,67%"},
		{-3.25, 1, "-3,3%"},
		{1500, 0, "1.500%"},
	}
	for _, tt := range tests {
		if got := vntext.FormatPercent(tt.f, tt.decimals); got != tt.want {
			t.Errorf("FormatPercent(%v, %d) = %q, want %q", tt.f, tt.decimals, got, tt.want)
		}
	}
}

// FuzzFold checks Fold against the reference transcription of its
// specification and against the properties callers rely on.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "Cầu Đồng Việt", "Quyết định số 12/QĐ-TTg", "Thuỷ", "\xff", "한국", "ÐÀ", "a\u0301\u0323", paragraph} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := vntext.Fold(s)
		if want := refFold(s); got != want {
			t.Fatalf("Fold(%+q) = %+q, reference gives %+q", s, got, want)
		}
		if !utf8.ValidString(s) {
			return
		}
		if nfc := vntext.Fold(norm.NFC.String(s)); nfc != got {
			t.Errorf("Fold(NFC(%+q)) = %+q, Fold = %+q", s, nfc, got)
		}
		if nfd := vntext.Fold(norm.NFD.String(s)); nfd != got {
			t.Errorf("Fold(NFD(%+q)) = %+q, Fold = %+q", s, nfd, got)
		}
		if again := vntext.Fold(got); again != got {
			t.Errorf("Fold is not idempotent on %+q: %+q then %+q", s, got, again)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Errorf("Fold(%+q) = %+q has stray spaces", s, got)
		}
	})
}

// paragraph is about 1 KB of typical Vietnamese administrative prose.
const paragraph = `Thực hiện Nghị quyết số 307-NQ/TU ngày 15/3/2024 của Ban Thường vụ Tỉnh ủy về ` +
	`đẩy mạnh cải cách hành chính, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 45/KH-UBND ` +
	`với mục tiêu nâng cao chất lượng phục vụ người dân và doanh nghiệp. Các sở, ban, ngành ` +
	`và UBND các huyện, thị xã, thành phố có trách nhiệm rà soát, đơn giản hóa thủ tục hành ` +
	`chính; đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong giải quyết hồ sơ; ` +
	`bảo đảm 100% hồ sơ được tiếp nhận, xử lý đúng hạn. Giao Sở Nội vụ chủ trì, phối hợp ` +
	`với Văn phòng UBND tỉnh theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo Chủ tịch ` +
	`UBND tỉnh trước ngày 20 hằng tháng. Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm ` +
	`trước Chủ tịch UBND tỉnh nếu để xảy ra chậm trễ, gây phiền hà cho tổ chức, cá nhân.`

func BenchmarkFold(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		vntext.Fold(paragraph)
	}
}

func BenchmarkFoldASCII(b *testing.B) {
	s := refFold(paragraph)
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		vntext.Fold(s)
	}
}

func BenchmarkCompare(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		vntext.Compare("Đà Nẵng", "Điện Biên")
	}
}

func ExampleFold() {
	fmt.Println(vntext.Fold("Quyết định số 12/QĐ-TTg"))
	fmt.Println(vntext.Fold("Thuỷ") == vntext.Fold("Thủy"))
	// Output:
	// quyet dinh so 12 qd ttg
	// true
}

func ExampleNormalizeDocNumber() {
	fmt.Println(vntext.NormalizeDocNumber("Số: 05/KH-UBND"))
	fmt.Println(vntext.NormalizeDocNumber("5/KH-UBND"))
	// Output:
	// 5khubnd
	// 5khubnd
}

func ExampleSort() {
	names := []string{"Điện Biên", "Yên Bái", "Đà Nẵng", "Bình Dương", "Dak Lak", "An Giang"}
	vntext.Sort(names)
	fmt.Println(strings.Join(names, ", "))
	// Output: An Giang, Bình Dương, Dak Lak, Đà Nẵng, Điện Biên, Yên Bái
}

func ExampleFormatNumber() {
	fmt.Println(vntext.FormatNumber(1234567, 0))
	fmt.Println(vntext.FormatNumber(1234.5, 1))
	fmt.Println(vntext.FormatPercent(12.5, 1))
	// Output:
	// 1.234.567
	// 1.234,5
	// 12,5%
}
