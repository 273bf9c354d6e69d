package fakellm

import (
	"encoding/binary"
	"hash/fnv"
	"strings"
)

// created is the fixed "created" timestamp of every answer (2025-01-01):
// answers must not depend on the clock.
const created = 1735689600

// digest hashes the content seed and data; all generated content derives
// from it, so the same request and seed give the same bytes.
func digest(seed int64, parts ...[]byte) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(seed))
	h.Write(b[:])
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// echoAnswer is the answer to a prompt fakellm does not recognise: a
// deterministic sentence quoting the start of the last message.
func echoAnswer(d uint64, last string) string {
	const intro = "fakellm answer 0123456789abcdef. You said: "
	b := make([]byte, 0, len(intro)+min(len(last), 256)+4)
	b = append(b, "fakellm answer "...)
	b = appendHex16(b, d)
	b = append(b, ". You said: "...)
	words := 0
	for w := range strings.FieldsSeq(last) {
		if words == 24 {
			b = append(b, " ..."...)
			break
		}
		if words > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
		words++
	}
	if words == 0 {
		b = append(b, "(empty)"...)
	}
	return string(b)
}

// appendHex16 appends d as 16 lower-case hex digits (%016x).
func appendHex16(b []byte, d uint64) []byte {
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[(d>>shift)&0xf])
	}
	return b
}
