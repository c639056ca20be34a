package dondoc

import "testing"

func TestParseNumberSymbol(t *testing.T) {
	tests := []struct {
		in   string
		want NumberSymbol
	}{
		{"307-NQ/TU", NumberSymbol{System: SystemParty, Number: 307, TypeAbbr: "NQ", Type: "Nghị quyết", Issuer: "TU"}},
		{"Số 1975-TB/TU", NumberSymbol{System: SystemParty, Number: 1975, TypeAbbr: "TB", Type: "Thông báo", Issuer: "TU"}},
		{"367 - QĐ/TWĐTN-VP", NumberSymbol{System: SystemParty, Number: 367, TypeAbbr: "QĐ", Type: "Quyết định", Issuer: "TWĐTN-VP"}},
		{"08-QĐi/TW", NumberSymbol{System: SystemParty, Number: 8, TypeAbbr: "QĐi", Type: "Quy định", Issuer: "TW"}},
		{"45/KH-UBND", NumberSymbol{System: SystemState, Number: 45, TypeAbbr: "KH", Type: "Kế hoạch", Issuer: "UBND"}},
		{"Số: 06/2024/QĐ-UBND", NumberSymbol{System: SystemState, Number: 6, Year: 2024, TypeAbbr: "QĐ", Type: "Quyết định", Issuer: "UBND"}},
		{"09/2019/NĐ-CP", NumberSymbol{System: SystemState, Number: 9, Year: 2019, TypeAbbr: "NĐ", Type: "Nghị định", Issuer: "CP"}},
		{"01/2011/TT-BNV", NumberSymbol{System: SystemState, Number: 1, Year: 2011, TypeAbbr: "TT", Type: "Thông tư", Issuer: "BNV"}},
		{"123/UBND-KT", NumberSymbol{System: SystemState, Number: 123, Type: "Công văn", Issuer: "UBND", Drafting: "KT"}},
		{"12/QĐ-TTg", NumberSymbol{System: SystemState, Number: 12, TypeAbbr: "QĐ", Type: "Quyết định", Issuer: "TTg"}},
	}
	for _, tt := range tests {
		got, err := ParseNumberSymbol(tt.in)
		if err != nil {
			t.Errorf("ParseNumberSymbol(%q): %v", tt.in, err)
			continue
		}
		if *got != tt.want {
			t.Errorf("ParseNumberSymbol(%q) = %+v, want %+v", tt.in, *got, tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "NQ/TU", "307/", "Số:"} {
		if _, err := ParseNumberSymbol(bad); !IsCode(err, EInvalid) {
			t.Errorf("ParseNumberSymbol(%q) error = %v, want invalid", bad, err)
		}
	}
}
