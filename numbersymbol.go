package dondoc

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// NumberSymbol is a document's number and symbol (số, ký hiệu) taken apart. Party documents write
// "307-NQ/TU" and are numbered per type per committee term; State documents write "45/KH-UBND" and
// are numbered per year, with the year inside for legal documents ("06/2024/QĐ-UBND"). A State công
// văn has no type: "123/UBND-KT" is issuer UBND, drafting unit KT.
type NumberSymbol struct {
	System   string `json:"system"`
	Number   int    `json:"number"`
	Year     int    `json:"year,omitempty"`
	TypeAbbr string `json:"type_abbr,omitempty"`
	Type     string `json:"type"`
	Issuer   string `json:"issuer"`
	Drafting string `json:"drafting,omitempty"`
}

// The two numbering systems.
const (
	SystemParty = "party"
	SystemState = "state"
)

// TypeAbbreviations maps the type abbreviations of Nghị định 30/2020 (Phụ lục III) and of Party
// practice to the type names, so that the parser can tell a typed document from a công văn.
var TypeAbbreviations = map[string]string{
	"NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
	"QĐi": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình",
	"KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản",
	"TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận",
	"GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép",
	"PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo", "SY": "Bản sao y", "TrS": "Bản trích sao",
	"SL": "Bản sao lục", "KL": "Kết luận", "TT": "Thông tri", "CV": "Công văn", "BS": "Bản sao",
	"GN": "Bản ghi nhớ", "TTh": "Bản thỏa thuận", "UQ": "Giấy ủy quyền", "NP": "Giấy nghỉ phép",
	"NĐ": "Nghị định", "TTLT": "Thông tư liên tịch", "L": "Luật", "PL": "Pháp lệnh",
}

// stateTypeOverrides holds abbreviations that mean another type in State documents than in Party
// ones: "TT" is a Party thông tri but a State thông tư.
var stateTypeOverrides = map[string]string{"TT": "Thông tư"}

var (
	partyNumberRE = regexp.MustCompile(`^(\d{1,6})\s*-\s*([A-ZĐ][A-Za-zĐđ]*)\s*/\s*([A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-Za-zĐđ0-9]+)*)$`)
	stateNumberRE = regexp.MustCompile(`^(\d{1,6})(?:/(\d{4}))?/([A-ZĐ][A-Za-zĐđ0-9&]*)((?:-[A-ZĐ0-9][A-Za-zĐđ0-9&.]*)*)$`)
	numberPrefix  = regexp.MustCompile(`^(?i:số)\s*:?\s*`)
)

// ParseNumberSymbol parses a number-symbol in either form. A leading "Số:" is accepted, as printed.
func ParseNumberSymbol(s string) (*NumberSymbol, error) {
	s = strings.TrimSpace(norm.NFC.String(s))
	s = numberPrefix.ReplaceAllString(s, "")
	if s == "" {
		return nil, Invalid("number_symbol", "Số, ký hiệu trống.", "number_symbol is empty.")
	}
	if m := partyNumberRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &NumberSymbol{System: SystemParty, Number: n, TypeAbbr: m[2], Type: TypeAbbreviations[m[2]], Issuer: m[3]}, nil
	}
	if m := stateNumberRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		ns := &NumberSymbol{System: SystemState, Number: n}
		if m[2] != "" {
			ns.Year, _ = strconv.Atoi(m[2])
		}
		parts := strings.Split(strings.TrimPrefix(m[4], "-"), "-")
		if m[4] == "" {
			parts = nil
		}
		t, ok := TypeAbbreviations[m[3]]
		if o, isOverride := stateTypeOverrides[m[3]]; isOverride {
			t = o
		}
		if ok && len(parts) > 0 && m[3] != "CV" {
			ns.TypeAbbr, ns.Type = m[3], t
			ns.Issuer = strings.Join(parts, "-")
		} else {
			ns.Type = "Công văn"
			ns.Issuer = m[3]
			ns.Drafting = strings.Join(parts, "-")
		}
		return ns, nil
	}
	return nil, Invalid("number_symbol",
		"Số, ký hiệu không đúng thể thức (ví dụ 307-NQ/TU hoặc 45/KH-UBND).",
		"number_symbol is not in an official form (e.g. 307-NQ/TU or 45/KH-UBND).")
}
