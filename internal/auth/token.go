package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// Prefixes for the two kinds of opaque token. A visible prefix lets people
// and secret scanners recognise a leaked dondoc credential, and lets the
// server reject a session token presented as an API token without a lookup.
const (
	// APITokenPrefix marks long-lived API tokens used by scripts and
	// integrations.
	APITokenPrefix = "ddk_"
	// SessionTokenPrefix marks browser session tokens carried in the session
	// cookie.
	SessionTokenPrefix = "dds_"
)

// tokenBytes is the amount of randomness in a token: 256 bits, far beyond
// what can be guessed online or offline.
const tokenBytes = 32

// displayPrefixLen is how many leading characters TokenPrefix keeps.
const displayPrefixLen = 12

// NewToken creates a random token and returns it twice: plain, to hand to the
// client once, and hash, the SHA-256 digest to store. Only the digest is
// persisted so that a leaked database does not contain usable credentials.
// Plain is prefix followed by 32 random bytes in unpadded base64url, which is
// safe in headers, cookies and URLs without escaping.
func NewToken(prefix string) (plain string, hash []byte, err error) {
	buf := make([]byte, tokenBytes)
	if _, err := rand.Read(buf); err != nil {
		return "", nil, fmt.Errorf("auth: new token: %w", err)
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(buf)
	return plain, HashToken(plain), nil
}

// HashToken returns the SHA-256 digest of a plain token, which is the form
// that is stored and looked up. A fast unsalted hash is enough here, unlike
// for passwords, because tokens carry 256 bits of randomness and so cannot be
// brute-forced; being deterministic also lets the digest be used as an index.
func HashToken(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

// TokenPrefix returns the first 12 characters of a plain token (the whole
// token if it is shorter), so that token lists can show which token is which
// without the server keeping the full secret. With a four-character kind
// prefix this reveals only 48 of the 256 random bits.
func TokenPrefix(plain string) string {
	if len(plain) <= displayPrefixLen {
		return plain
	}
	return plain[:displayPrefixLen]
}
