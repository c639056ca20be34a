package notify

import (
	"bufio"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"dondoc"
)

// maxLineOctets is the longest content line RFC 5545 allows, without its CRLF.
const maxLineOctets = 75

// WriteCalendar writes cal as an iCalendar (RFC 5545) document: one all-day VEVENT per item, with
// CRLF line ends, text escaped and lines folded at 75 octets. base is the absolute URL of the
// dondoc server, put before each item's link; now stamps every event (DTSTAMP), since the feed
// is generated afresh on every request.
func WriteCalendar(w io.Writer, cal *dondoc.Calendar, base string, now time.Time) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) {
		writeFolded(bw, name+":"+value)
	}
	base = strings.TrimRight(base, "/")
	stamp := now.UTC().Format("20060102T150405Z")
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//dondoc//dondoc//VI")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escapeText(cal.Name))
	line("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh")
	for _, it := range cal.Items {
		day, err := time.Parse(time.DateOnly, string(it.Date))
		if err != nil {
			continue
		}
		desc := it.Description
		if it.Link != "" {
			if desc != "" {
				desc += "\n"
			}
			desc += base + it.Link
		}
		line("BEGIN", "VEVENT")
		line("UID", escapeText(it.UID))
		line("DTSTAMP", stamp)
		line("DTSTART;VALUE=DATE", day.Format("20060102"))
		line("DTEND;VALUE=DATE", day.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY", escapeText(it.Summary))
		if desc != "" {
			line("DESCRIPTION", escapeText(desc))
		}
		if it.Link != "" {
			line("URL;VALUE=URI", base+it.Link)
		}
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// writeFolded writes one content line, folding it so that no line exceeds 75 octets: a
// continuation line starts with a space, which counts towards its length. A fold never splits a
// UTF-8 sequence, so Vietnamese letters stay whole.
func writeFolded(w *bufio.Writer, s string) {
	limit := maxLineOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLineOctets - 1
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
