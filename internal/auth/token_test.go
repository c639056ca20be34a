package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
	}{
		{"api token", APITokenPrefix},
		{"session token", SessionTokenPrefix},
		{"no prefix", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := make(map[string]bool)
			for range 100 {
				plain, hash, err := NewToken(tt.prefix)
				if err != nil {
					t.Fatalf("NewToken: %v", err)
				}
				if want := len(tt.prefix) + 43; len(plain) != want {
					t.Fatalf("len(%q) = %d, want %d", plain, len(plain), want)
				}
				body, ok := strings.CutPrefix(plain, tt.prefix)
				if !ok {
					t.Fatalf("token %q lacks prefix %q", plain, tt.prefix)
				}
				raw, err := base64.RawURLEncoding.DecodeString(body)
				if err != nil || len(raw) != 32 {
					t.Fatalf("token body %q: %d bytes, err %v; want 32 bytes of base64url", body, len(raw), err)
				}
				if !bytes.Equal(hash, HashToken(plain)) {
					t.Fatalf("returned hash differs from HashToken(plain)")
				}
				if seen[plain] {
					t.Fatalf("duplicate token %q", plain)
				}
				seen[plain] = true
			}
		})
	}
}

func TestHashToken(t *testing.T) {
	tests := []struct {
		name  string
		plain string
		want  string
	}{
		{"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HashToken(tt.plain)
			if hex.EncodeToString(got) != tt.want {
				t.Errorf("HashToken(%q) = %x, want %s", tt.plain, got, tt.want)
			}
			if again := HashToken(tt.plain); !bytes.Equal(got, again) {
				t.Errorf("HashToken(%q) not deterministic: %x then %x", tt.plain, got, again)
			}
			if len(got) != sha256.Size {
				t.Errorf("len = %d, want %d", len(got), sha256.Size)
			}
		})
	}
}

func TestTokenPrefix(t *testing.T) {
	tests := []struct {
		name  string
		plain string
		want  string
	}{
		{"api token", "ddk_AbCdEfGhIjKlMnOp", "ddk_AbCdEfGh"},
		{"exactly twelve", "dds_12345678", "dds_12345678"},
		{"short", "ddk_abc", "ddk_abc"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TokenPrefix(tt.plain); got != tt.want {
				t.Errorf("TokenPrefix(%q) = %q, want %q", tt.plain, got, tt.want)
			}
		})
	}
}
