package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode Normalization Form C. Text must be stored in one
// canonical form because Vietnamese input methods and pasted documents emit
// both precomposed ("ệ", one code point) and decomposed ("e" + two combining
// marks) spellings of the same letter, which would otherwise compare unequal
// byte for byte. NFC is chosen because it is what keyboards, browsers and
// fonts expect, and it is also the most compact form of Vietnamese.
func NFC(s string) string {
	return norm.NFC.String(s)
}

// Fold returns the search key of s: it decomposes s canonically (NFD), drops
// every non-spacing mark (tones, breve, circumflex, horn), maps đ and Đ to d,
// lower-cases, turns every rune that is not a letter or digit into a space,
// collapses runs of spaces and trims the result. Users routinely type without
// diacritics or with a different tone placement, so searching on the folded
// form makes "cau dong viet", "Cầu Đồng Việt" and "CẦU ĐỒNG VIỆT" all match.
//
// Đ has no canonical decomposition, so it is mapped explicitly. The Icelandic
// eth (Ð U+00D0, ð U+00F0) is mapped to d as well, because Ð is visually
// identical to Đ and turns up in Vietnamese text produced by legacy font
// converters. Invalid UTF-8 bytes decode to U+FFFD, which is not a letter, so
// they become spaces.
//
// Fold runs on every write, so it makes a single pass, allocates once for
// Vietnamese text and folds ASCII and every Vietnamese letter by table
// look-up; only other scripts take the slower decomposition path.
func Fold(s string) string {
	var w foldWriter
	w.b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch f := quickFold(r); f {
		case 0:
			w.writeDecomposed(r, s[i:i+size])
		case ' ':
			w.pending = true
		default:
			w.writeByte(f)
		}
		i += size
	}
	return w.b.String()
}

// The tables behind quickFold cover ASCII, Latin-1 and Latin Extended-A and
// -B (U+0000 to U+024F, which hold đ, ă, ơ, ư and vowels such as à, é and ĩ)
// and Latin Extended Additional (U+1E00 to U+1EFF, which holds the remaining
// toned vowels such as ạ, ệ and ự). Together they hold every Vietnamese letter.
const (
	quickLowEnd   = 0x0250
	quickExtFirst = 0x1E00
	quickExtEnd   = 0x1F00
)

// quickLow and quickExt hold the quickFold entries of the two ranges, indexed
// by offset from the start of the range.
var (
	quickLow [quickLowEnd]byte
	quickExt [quickExtEnd - quickExtFirst]byte
)

// init fills the quickFold tables from writeDecomposed itself, so that the
// fast path cannot disagree with the general one.
func init() {
	for r := range rune(len(quickLow)) {
		quickLow[r] = quickFoldOf(r)
	}
	for i := range quickExt {
		quickExt[i] = quickFoldOf(quickExtFirst + rune(i))
	}
}

// quickFoldOf reports how writeDecomposed folds r when the result is simple:
// the ASCII letter or digit it becomes, ' ' when it is a separator, and 0
// otherwise.
func quickFoldOf(r rune) byte {
	var w foldWriter
	w.writeDecomposed(r, string(r))
	switch out := w.b.String(); {
	case len(out) == 1 && !w.pending:
		return out[0]
	case out == "" && w.pending:
		return ' '
	}
	return 0
}

// quickFold returns the table entry of r as described by quickFoldOf, and 0
// for runes outside the tables.
func quickFold(r rune) byte {
	switch {
	case r < quickLowEnd:
		return quickLow[r]
	case quickExtFirst <= r && r < quickExtEnd:
		return quickExt[r-quickExtFirst]
	}
	return 0
}

// The range of precomposed Hangul syllables, whose canonical decompositions
// are computed rather than stored in the norm tables.
const (
	hangulFirst = 0xAC00
	hangulLast  = 0xD7A3
)

// foldWriter accumulates the output of Fold, emitting a single space between
// runs of letters and digits and none at either end.
type foldWriter struct {
	b strings.Builder
	// pending records that a separator was seen since the last letter or
	// digit was written.
	pending bool
}

// writeByte writes an ASCII letter or digit that is already folded.
func (w *foldWriter) writeByte(c byte) {
	w.separate()
	w.b.WriteByte(c)
}

// separate writes the single space owed to separators seen since the last
// letter or digit, unless nothing has been written yet.
func (w *foldWriter) separate() {
	if w.pending && w.b.Len() > 0 {
		w.b.WriteByte(' ')
	}
	w.pending = false
}

// writeDecomposed folds ch, the UTF-8 encoding of the single rune r, through
// its canonical decomposition and writes the result.
func (w *foldWriter) writeDecomposed(r rune, ch string) {
	d := norm.NFD.PropertiesString(ch).Decomposition()
	if d == nil && hangulFirst <= r && r <= hangulLast {
		// Hangul syllables are absent from the norm tables; they are
		// rare enough here for the allocating path to be acceptable.
		d = norm.NFD.AppendString(nil, ch)
	}
	if d == nil {
		w.writeRune(r)
		return
	}
	for len(d) > 0 {
		dr, n := utf8.DecodeRune(d)
		w.writeRune(dr)
		d = d[n:]
	}
}

// writeRune folds a rune that has no canonical decomposition and writes it.
func (w *foldWriter) writeRune(r rune) {
	if unicode.Is(unicode.Mn, r) {
		return
	}
	r = unicode.ToLower(r)
	switch {
	case r == 'đ' || r == 'ð':
		r = 'd'
	case !unicode.IsLetter(r) && !unicode.IsDigit(r):
		w.pending = true
		return
	}
	w.separate()
	w.b.WriteRune(r)
}

// FoldQuery folds a user's search query with Fold and splits it into terms,
// so that the full-text query built from it matches the folded index whatever
// accents, case or punctuation the user typed. It never returns empty terms;
// a query with no letters or digits yields no terms.
func FoldQuery(q string) []string {
	return strings.Fields(Fold(q))
}

// NormalizeDocNumber returns the look-up key of a document number-symbol
// ("số, ký hiệu"), so that the many ways officials write the same number find
// the same document: "Số: 05/KH-UBND", "5/KH-UBND" and "5 / kh - ubnd" all
// become "5khubnd".
//
// It folds s with Fold, drops a leading "Số" label as it is copied from
// document headers (any first word that folds to "so", so "Số:", "SỐ" and the
// unaccented "So" all go), strips the leading zeros of the number the key
// starts with (keeping a single 0), and removes all spaces. Because separators
// are removed, distinct numbers can share a key ("12/3/QĐ" and "1/23/QĐ"), so
// an exact look-up may return several documents; the key is never displayed.
func NormalizeDocNumber(s string) string {
	terms := strings.Fields(Fold(s))
	if len(terms) > 0 && terms[0] == "so" {
		terms = terms[1:]
	}
	if len(terms) == 0 {
		return ""
	}
	first := terms[0]
	for len(first) > 1 && first[0] == '0' && '0' <= first[1] && first[1] <= '9' {
		first = first[1:]
	}
	terms[0] = first
	return strings.Join(terms, "")
}
