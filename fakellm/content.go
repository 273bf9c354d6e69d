package fakellm

import (
	"encoding/binary"
	"fmt"
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
	words := strings.Fields(last)
	if len(words) > 24 {
		words = append(words[:24], "...")
	}
	quoted := strings.Join(words, " ")
	if quoted == "" {
		quoted = "(empty)"
	}
	return fmt.Sprintf("fakellm answer %016x. You said: %s", d, quoted)
}
