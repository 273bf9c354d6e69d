package fakellm

import (
	"strings"
	"unicode/utf8"
)

// created is the fixed "created" timestamp of every answer (2025-01-01):
// answers must not depend on the clock.
const created = 1735689600

// digest hashes the content seed and data; all generated content derives
// from it, so the same request and seed give the same bytes. It is 64-bit
// FNV-1a (hash/fnv's New64a) of the seed's 8 little-endian bytes, then each
// part followed by a 0 byte, written out so that a request costs no hasher
// allocation: this runs on every request, and on every word of an
// embedding input.
func digest(seed int64, parts ...[]byte) uint64 {
	const offset64, prime64 = 14695981039346656037, 1099511628211
	h := uint64(offset64)
	for i := range 8 {
		h ^= uint64(byte(uint64(seed) >> (8 * i)))
		h *= prime64
	}
	for _, p := range parts {
		for _, c := range p {
			h ^= uint64(c)
			h *= prime64
		}
		h *= prime64 // the 0 byte: h ^= 0 changes nothing
	}
	return h
}

// echoAnswer is the answer to a prompt fakellm does not recognise: a
// deterministic sentence quoting the start of the last message (its first
// echoWords words, single-spaced). quoted reports whether it quotes last
// as it is, the usual prompt: then its token count is echoTokens'.
func echoAnswer(d uint64, last string) (answer string, quoted bool) {
	const intro = "fakellm answer 0123456789abcdef. You said: "
	var b strings.Builder
	b.Grow(len(intro) + min(len(last), 256) + 4)
	b.WriteString("fakellm answer ")
	var hex [16]byte
	b.Write(appendHex16(hex[:0], d))
	b.WriteString(". You said: ")
	if singleSpaced(last, echoWords) { // the usual prompt: quoted as it is
		b.WriteString(last)
		return b.String(), true
	}
	writeEchoWords(&b, last)
	return b.String(), false
}

// echoIntroTokens counts the pieces of an echo answer before its quote:
// the digest's 16 hex digits are letters and digits whatever they are, so
// the count is the same for every answer.
var echoIntroTokens = countTokens("fakellm answer 0123456789abcdef. You said:")

// echoTokens is countTokens of an echo answer that quotes last as it is
// (quoted), from lastTokens, countTokens(last), which the prompt's usage
// needed anyway: pieces never depend on the text after them, so the
// answer's are the intro's, then last's, the space between starting
// last's first piece when that is a word and standing alone when not.
func echoTokens(last string, lastTokens int) int {
	n := echoIntroTokens + lastTokens
	if !isWordAt(last, 0) {
		n++
	}
	return n
}

// writeEchoWords quotes last word by word: its first echoWords words,
// single-spaced, "(empty)" when it has none.
func writeEchoWords(b *strings.Builder, last string) {
	words := 0
	for w := range strings.FieldsSeq(last) {
		if words == echoWords {
			b.WriteString(" ...")
			return
		}
		if words > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		words++
	}
	if words == 0 {
		b.WriteString("(empty)")
	}
}

// echoWords is how many words of the prompt an echo answer quotes.
const echoWords = 24

// singleSpaced reports whether s is non-empty ASCII text of at most max
// words separated by single spaces, with no other white space: then
// s's fields joined by single spaces are s itself.
func singleSpaced(s string, max int) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	words := 1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if s[i-1] == ' ' { // i > 0: s[0] is not a space
				return false
			}
			words++
		case c >= utf8.RuneSelf || '\t' <= c && c <= '\r': // all non-ASCII, and unicode.IsSpace's ASCII but ' '
			return false
		}
	}
	return words <= max
}

// appendHex16 appends d as 16 lower-case hex digits (%016x).
func appendHex16(b []byte, d uint64) []byte {
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[(d>>shift)&0xf])
	}
	return b
}
