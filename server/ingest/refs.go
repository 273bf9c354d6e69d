package ingest

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// RangeRefs parses a block_refs value the way EverAlgo does: it takes
// str(value) (a JSON string as is; anything else as Python would print
// it, so an array [0, 1, 2] becomes "[0, 1, 2]") and reads compressed
// range notation from it: comma-separated parts "a-b" (split at the first
// '-') or "n", spaces allowed. A part that does not parse is skipped, as
// is an id outside [0, blocks); skipped counts both. Ids come back in the
// order written, duplicates kept once.
func RangeRefs(raw json.RawMessage, blocks int) (ids []int, skipped int) {
	s := pyStr(raw)
	seen := map[int]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, ok := rangePart(part)
		if !ok || hi < lo || lo < 0 || hi >= blocks {
			skipped++
			if !ok || hi < lo {
				continue
			}
		}
		for n := max(lo, 0); n <= hi && n < blocks; n++ {
			if !seen[n] {
				seen[n] = true
				ids = append(ids, n)
			}
		}
	}
	return ids, skipped
}

func rangePart(part string) (lo, hi int, ok bool) {
	a, b, isRange := strings.Cut(part, "-")
	lo, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, false
	}
	if !isRange {
		return lo, lo, true
	}
	hi, err = strconv.Atoi(strings.TrimSpace(b))
	return lo, hi, err == nil
}

// pyStr is Python's str() of a decoded JSON value: strings as they are,
// null as "", containers and scalars in Python's repr.
func pyStr(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return pyRepr(v)
}

func pyRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return map[bool]string{true: "True", false: "False"}[x]
	case json.Number:
		return string(x) // a float never parses as an id, in either notation
	case string:
		return "'" + x + "'"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		return "{...}"
	}
	return ""
}

var (
	fenceJSON     = regexp.MustCompile("(?s)```(?:json)?\\s*(\\{.*?\\})\\s*```")
	outermostJSON = regexp.MustCompile(`(?s)\{.*\}`)
)

// decodeLLMJSON decodes the JSON object of an answer the way EverAlgo's
// parse_llm_json finds it: a ``` fence first, else the outermost {...}.
func decodeLLMJSON(answer string, v any) bool {
	if m := fenceJSON.FindStringSubmatch(answer); m != nil && json.Unmarshal([]byte(m[1]), v) == nil {
		return true
	}
	s := outermostJSON.FindString(answer)
	return s != "" && json.Unmarshal([]byte(s), v) == nil
}
