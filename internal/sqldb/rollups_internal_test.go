package sqldb

import (
	"encoding/json"
	"maps"
	"testing"
)

func TestDecodeParts(t *testing.T) {
	keys := map[string]string{}
	for _, in := range []map[string]float64{
		{},
		{"hộ nghèo": 2, "hộ cận nghèo": 0.5},
		{"a&b <c>": -1e-7, `quote "q"`: 12345678.25},
		{"xây mới": 3},
	} {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{string(b), " " + string(b) + " "} {
			got, err := decodeParts(s, keys)
			if err != nil || !maps.Equal(got, in) {
				t.Errorf("decodeParts(%s) = %v, %v; want %v", s, got, err, in)
			}
		}
	}
	for _, bad := range []string{`{"a":}`, `{"a":1,}`, `{"a" 1}`, `[1]`, `{"a":1`} {
		if got, err := decodeParts(bad, keys); err == nil {
			t.Errorf("decodeParts(%s) = %v, want an error", bad, got)
		}
	}
	if _, ok := keys["hộ nghèo"]; !ok {
		t.Errorf("keys = %v, want the names read", keys)
	}
}
