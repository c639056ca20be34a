package vntext

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatDate formats t as "dd/mm/yyyy" (for example "06/05/2024"), the order
// and zero padding that Vietnamese administrative documents use (Nghị định
// 30/2020/NĐ-CP). It formats t in its own location; callers convert to
// Asia/Ho_Chi_Minh first when t may be in another time zone.
func FormatDate(t time.Time) string {
	return t.Format("02/01/2006")
}

// FormatNumber formats f with Vietnamese separators: a dot between groups of
// three digits and a comma before the decimals, so 1234567 becomes
// "1.234.567" and 1234.5 with one decimal becomes "1.234,5". Go's own
// formatting uses the English convention, which Vietnamese readers would
// misread by a factor of a thousand.
//
// The result has exactly decimals digits after the comma; a negative decimals
// keeps as many digits as needed to represent f exactly. Rounding is half
// away from zero on the shortest decimal spelling of f, so 2.5 gives "3" and
// 1.005 with two decimals gives "1,01", as a person rounds on paper and as
// spreadsheets do, rather than round-half-even on the binary value. A result
// that rounds to zero carries no minus sign. NaN and infinities, which no
// report should contain, are returned as "NaN", "+Inf" and "-Inf".
func FormatNumber(f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	intPart, frac, _ := strings.Cut(strconv.FormatFloat(math.Abs(f), 'f', -1, 64), ".")
	if decimals >= 0 {
		if len(frac) > decimals {
			roundUp := frac[decimals] >= '5'
			frac = frac[:decimals]
			if roundUp {
				digits := incrementDecimal(intPart + frac)
				intPart, frac = digits[:len(digits)-decimals], digits[len(digits)-decimals:]
			}
		}
		frac += strings.Repeat("0", decimals-len(frac))
	}

	var b strings.Builder
	b.Grow(len(intPart) + len(intPart)/3 + len(frac) + 2)
	if f < 0 && strings.Trim(intPart+frac, "0") != "" {
		b.WriteByte('-')
	}
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(intPart[i])
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// incrementDecimal adds one to the non-empty decimal digit string d, growing
// it by a leading 1 when the carry runs off the front ("999" becomes "1000").
func incrementDecimal(d string) string {
	buf := []byte(d)
	for i := len(buf) - 1; i >= 0; i-- {
		if buf[i] != '9' {
			buf[i]++
			return string(buf)
		}
		buf[i] = '0'
	}
	return "1" + string(buf)
}

// FormatPercent formats a percentage the Vietnamese way, "12,5%", for
// completion rates in reports. f is the percentage itself, not a fraction:
// FormatPercent(12.5, 1) returns "12,5%". Separators and rounding follow
// FormatNumber, and no space precedes the sign, as in Vietnamese typography.
func FormatPercent(f float64, decimals int) string {
	return FormatNumber(f, decimals) + "%"
}
