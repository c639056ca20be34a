package docparse

import (
	"encoding/json"
	"fmt"

	"dondoc"
)

// Span is a byte range [Start, End) of Draft.Text: the evidence for an extracted value, so that a
// reviewer's screen can highlight it in the original.
type Span struct {
	Start int
	End   int
}

// MarshalJSON writes a span as a two-element array, which is compact and unambiguous.
func (s Span) MarshalJSON() ([]byte, error) { return fmt.Appendf(nil, "[%d,%d]", s.Start, s.End), nil }

// UnmarshalJSON reads the two-element array written by MarshalJSON.
func (s *Span) UnmarshalJSON(b []byte) error {
	var a [2]int
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	s.Start, s.End = a[0], a[1]
	return nil
}

// Field is one extracted text value with its evidence. Confidence is between 0 and 1: above 0.8
// the rule that found it rarely errs; below 0.5 the clerk should look.
type Field struct {
	Text       string  `json:"text"`
	Span       Span    `json:"span"`
	Confidence float64 `json:"confidence"`
}

// NumberField is the number-symbol as printed (spaces next to "/" and "-" removed) and, when it is
// in an official form, its parts.
type NumberField struct {
	Field
	Parts *dondoc.NumberSymbol `json:"parts,omitempty"`
}

// DateField is a date as printed and as a calendar date.
type DateField struct {
	Value      dondoc.Date `json:"value"`
	Printed    string      `json:"printed"`
	Span       Span        `json:"span"`
	Confidence float64     `json:"confidence"`
}

// Item is one entry of a list (a recipient, a lead unit, an accountable head) as printed.
type Item struct {
	Text       string  `json:"text"`
	Span       Span    `json:"span"`
	Confidence float64 `json:"confidence"`
}

// Distribution is one entry of "Nơi nhận"; Note holds its annotation such as "báo cáo" or "để b/c",
// which tells whether the entry receives the document to act, to be informed or to archive.
type Distribution struct {
	Text       string  `json:"text"`
	Note       string  `json:"note,omitempty"`
	Span       Span    `json:"span"`
	Confidence float64 `json:"confidence"`
}

// Reference is a document cited in the text by its number.
type Reference struct {
	NumberSymbol string               `json:"number_symbol"`
	Type         string               `json:"type"`
	Date         dondoc.Date          `json:"date"`
	Parts        *dondoc.NumberSymbol `json:"parts,omitempty"`
	Span         Span                 `json:"span"`
	Confidence   float64              `json:"confidence"`
}

// Signing is the signature block: authority (TM., KT., TL., T/M …), title (chức vụ) and name.
type Signing struct {
	Authority *Field `json:"authority"`
	Title     *Field `json:"title"`
	Name      *Field `json:"name"`
}

// Clause is one numbered or bulleted part of the body. ID is the path of printed labels, such as
// "IV.1.a", "2.(3)" or "Điều 3", so that a task keeps pointing at the same clause when the text is
// parsed again.
type Clause struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Parent  string `json:"parent,omitempty"`
	Heading string `json:"heading,omitempty"`
	Span    Span   `json:"span"`
}

// Recurrence describes a repeating deadline such as "trước ngày 15 hằng tháng".
type Recurrence struct {
	// Frequency is one of weekly, monthly, quarterly, half_yearly, yearly.
	Frequency string `json:"frequency"`
	// Day is the day of the month the report is due, when printed ("ngày 15 hằng tháng").
	Day int `json:"day,omitempty"`
	// Month is the month of the due day for yearly deadlines ("trước ngày 25/12 hằng năm").
	Month int    `json:"month,omitempty"`
	Text  string `json:"text"`
	Span  Span   `json:"span"`
}

// Task is one assignment the document makes. Lead and Coordinate are unit phrases as printed
// (resolving them to the unit registry is a later step); Deadline is the time phrase verbatim;
// DeadlineDate is set only when a single calendar date follows from it, and PeriodEnd when it
// names a month, quarter, half-year or year whose last day is the natural due date.
type Task struct {
	Text         string      `json:"text"`
	Clause       string      `json:"clause,omitempty"`
	Span         Span        `json:"span"`
	Confidence   float64     `json:"confidence"`
	Lead         []Item      `json:"lead"`
	Coordinate   []Item      `json:"coordinate"`
	Deadline     *Field      `json:"deadline"`
	DeadlineDate dondoc.Date `json:"deadline_date"`
	PeriodEnd    dondoc.Date `json:"period_end,omitempty"`
	Recurrence   *Recurrence `json:"recurrence,omitempty"`
	ReportTo     *Field      `json:"report_to"`
	Via          *Field      `json:"via,omitempty"`
	Accountable  []Item      `json:"accountable,omitempty"`
}

// Draft is the parser's proposal for one document. Every span refers to Text, the normalised text
// the parser worked on (NFC, "\n" line ends).
type Draft struct {
	Issuer       *Field         `json:"issuer"`
	Superior     *Field         `json:"superior,omitempty"`
	NumberSymbol *NumberField   `json:"number_symbol"`
	Type         *Field         `json:"type"`
	Place        *Field         `json:"place"`
	Date         *DateField     `json:"date"`
	Subject      *Field         `json:"subject"`
	Urgency      *Field         `json:"urgency,omitempty"`
	Secrecy      *Field         `json:"secrecy,omitempty"`
	Recipients   []Item         `json:"recipients"`
	References   []Reference    `json:"references"`
	Clauses      []Clause       `json:"clauses"`
	Tasks        []Task         `json:"tasks"`
	Distribution []Distribution `json:"distribution"`
	Signing      Signing        `json:"signing"`
	Text         string         `json:"text"`
}
