package store

import (
	"crypto/rand"
	"encoding/hex"
	"io"
)

// DocIDPrefix starts every document id; 12 lower-case hex digits follow.
const DocIDPrefix = "d_"

// NewDocID returns a fresh "d_" + 12 hex id read from r (crypto/rand when
// nil; pass a seeded source for reproducible ids).
func NewDocID(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	var b [6]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", err
	}
	return DocIDPrefix + hex.EncodeToString(b[:]), nil
}

// ValidDocID reports whether s has the form "d_" + 12 lower-case hex digits.
func ValidDocID(s string) bool {
	if len(s) != len(DocIDPrefix)+12 || s[:len(DocIDPrefix)] != DocIDPrefix {
		return false
	}
	for _, c := range []byte(s[len(DocIDPrefix):]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
