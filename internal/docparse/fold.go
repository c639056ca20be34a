package docparse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dondoc/internal/vntext"
)

// shadow is an accent-free, lower-case copy of a piece of text with one ASCII byte per rune, plus
// the byte offset of every rune in the original. Rules match keywords on the shadow, where
// "Ủy ban", "Uỷ ban" and "UỶ BAN" look the same, and map what they find back to exact spans of the
// original text.
type shadow struct {
	s   string
	off []int // off[i] is the byte offset in the original of shadow byte i; off[len(s)] is the end.
}

// foldLow and foldExt map the Latin ranges that hold Vietnamese letters (U+0080–U+024F and
// U+1E00–U+1EFF) to their shadow byte; foldPunct maps typographic punctuation.
var (
	foldLow, foldExt = func() (low [0x250]byte, ext [0x100]byte) {
		for r := rune(0x80); r < 0x250; r++ {
			if f := vntext.Fold(string(r)); len(f) == 1 {
				low[r] = f[0]
			}
		}
		for r := rune(0x1E00); r < 0x1F00; r++ {
			if f := vntext.Fold(string(r)); len(f) == 1 {
				ext[r-0x1E00] = f[0]
			}
		}
		low[0xA0], low['«'], low['»'] = ' ', '"', '"'
		return
	}()
	foldPunct = map[rune]byte{'“': '"', '”': '"', '„': '"', '‘': '\'', '’': '\'', '–': '-', '—': '-',
		'‐': '-', '‑': '-', '−': '-', '…': '.'}
)

// foldRune returns the shadow byte of r.
func foldRune(r rune) byte {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return byte(r) + 'a' - 'A'
		}
		if r == '\t' || r == '\r' || r == '\v' || r == '\f' {
			return ' '
		}
		return byte(r)
	case unicode.Is(unicode.Mn, r):
		return 0
	}
	if r < 0x250 && foldLow[r] != 0 {
		return foldLow[r]
	}
	if r >= 0x1E00 && r < 0x1F00 && foldExt[r-0x1E00] != 0 {
		return foldExt[r-0x1E00]
	}
	if b, ok := foldPunct[r]; ok {
		return b
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	if unicode.IsLetter(r) {
		return '?'
	}
	return ' '
}

// newShadow folds s. Combining marks (left over in text that is not NFC) are dropped from the
// shadow; their bytes stay inside the span of the letter before them.
func newShadow(s string) shadow {
	b := make([]byte, 0, len(s))
	off := make([]int, 0, len(s)+1)
	for i, r := range s {
		f := foldRune(r)
		if f == 0 {
			continue
		}
		b = append(b, f)
		off = append(off, i)
	}
	off = append(off, len(s))
	return shadow{s: string(b), off: off}
}

// at maps one shadow position back to a byte offset of the original.
func (sh shadow) at(i int) int { return sh.off[i] }

// index returns the shadow position of the rune that starts at byte offset b of the original, or
// of the first rune after it.
func (sh shadow) index(b int) int {
	lo, hi := 0, len(sh.off)-1
	for lo < hi {
		m := (lo + hi) / 2
		if sh.off[m] < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// fold returns the shadow string of s, for comparing short phrases.
func fold(s string) string { return newShadow(s).s }

// isWordByte reports whether a shadow byte belongs to a word.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '?'
}

// hasWordAt reports whether the shadow string s holds the word sequence w at position i, with word
// boundaries on both sides.
func hasWordAt(s string, i int, w string) bool {
	if i < 0 || i+len(w) > len(s) || s[i:i+len(w)] != w {
		return false
	}
	if i > 0 && isWordByte(s[i-1]) {
		return false
	}
	return i+len(w) == len(s) || !isWordByte(s[i+len(w)])
}

// indexWord returns the first position at or after from where the words w occur in s, or -1.
func indexWord(s, w string, from int) int {
	for from <= len(s)-len(w) {
		k := strings.Index(s[from:], w)
		if k < 0 {
			return -1
		}
		if hasWordAt(s, from+k, w) {
			return from + k
		}
		from += k + 1
	}
	return -1
}

// lower lower-cases s rune by rune, keeping every rune whose lower case has another UTF-8 length,
// so that byte offsets stay valid. Vietnamese letters all keep their length.
func lower(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		l := unicode.ToLower(r)
		if utf8.RuneLen(l) != sz {
			l = r
		}
		b = utf8.AppendRune(b, l)
		i += sz
	}
	return string(b)
}

// collapse joins the lines of a value with single spaces, drops Markdown emphasis and trims it:
// corpus values are compared with runs of whitespace counting as one space.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\t*_\u00a0") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "__", "")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, r := range s {
		if r == '*' && emphasisStar(s, i) {
			continue
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// emphasisStar reports whether the '*' at byte i of s is Markdown emphasis, that is it touches a
// letter or a parenthesis on one side, rather than the lone asterisk of a Party header.
func emphasisStar(s string, i int) bool {
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+1:])
	near := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '(' || r == ')' }
	return near(prev) || near(next)
}

// trimPunct removes list punctuation around a list entry: leading dashes and bullets, trailing
// ";", "," and "." (but not "./" of an abbreviation such as "b/c").
func trimPunct(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "-–—+•●▪* \t")
	for {
		t := strings.TrimRight(s, " \t")
		t = strings.TrimSuffix(t, "./.")
		t = strings.TrimRight(t, ";,.:")
		t = strings.TrimRight(t, " \t")
		if t == s {
			return s
		}
		s = t
	}
}

// isUpperText reports whether every letter of s is upper case and there is at least one letter:
// headers, type names and signature titles are printed in capitals.
func isUpperText(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// firstLetter returns the first letter of s, or 0.
func firstLetter(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return r
		}
		if unicode.IsDigit(r) {
			return 0
		}
	}
	return 0
}
