package docparse

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// DecodeText decodes plain text and reports the encoding it found. UTF-8 (with or without a
// byte-order mark) is taken as is. Other text is decoded both as Windows-1258, where tones are
// combining marks after the letter, and as TCVN3 (ABC), the legacy font encoding of the 1990s that
// many offices still have archives in; Windows-1258 wins when it yields clean Vietnamese, because
// read as Windows-1258 TCVN3 turns into symbols such as "®" and "¸". The result is NFC.
func DecodeText(data []byte) (string, string, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")) {
		return decodeUTF16(data), "utf-16", nil
	}
	if utf8.Valid(data) {
		return norm.NFC.String(string(data)), "utf-8", nil
	}
	w, err := charmap.Windows1258.NewDecoder().Bytes(data)
	if err == nil {
		ws := norm.NFC.String(string(w))
		if junkRatio(ws) < 0.01 {
			return ws, "windows-1258", nil
		}
	}
	return norm.NFC.String(decodeTCVN3(data)), "tcvn3", nil
}

// junkRatio returns the share of non-ASCII runes in s that cannot be Vietnamese text: Latin-1
// symbols, C1 controls and combining marks left unattached after NFC.
func junkRatio(s string) float64 {
	n, junk := 0, 0
	var prev rune
	for _, r := range s {
		if r >= utf8.RuneSelf {
			n++
			switch {
			case r >= 0x80 && r <= 0xBF, r == 0xD7, r == 0xF7:
				junk++
			case unicode.Is(unicode.Mn, r) && !strings.ContainsRune("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY", prev):
				junk++
			}
		}
		prev = r
	}
	if n == 0 {
		return 0
	}
	return float64(junk) / float64(n)
}

// decodeUTF16 decodes UTF-16 text with a byte-order mark, as Windows Notepad saves "Unicode".
func decodeUTF16(data []byte) string {
	be := data[0] == 0xFE
	data = data[2:]
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if be {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if utf16Surrogate(u[i]) && i+1 < len(u) {
			r = (r-0xD800)<<10 + (rune(u[i+1]) - 0xDC00) + 0x10000
			i++
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

func utf16Surrogate(c uint16) bool { return c >= 0xD800 && c < 0xDC00 }
