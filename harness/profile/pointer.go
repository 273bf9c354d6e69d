package profile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Pointer is a parsed JSON pointer (RFC 6901): "" is the whole document,
// "/data/doc_id" a member of a member.
type Pointer []string

// ParsePointer parses s; it must be "" or start with '/', and '~' may only
// be followed by '0' or '1'.
func ParsePointer(s string) (Pointer, error) {
	if s == "" {
		return Pointer{}, nil
	}
	if s[0] != '/' {
		return nil, fmt.Errorf("JSON pointer %q must start with '/'", s)
	}
	toks := strings.Split(s[1:], "/")
	for i, t := range toks {
		for j := 0; j < len(t); j++ {
			if t[j] == '~' && (j+1 == len(t) || (t[j+1] != '0' && t[j+1] != '1')) {
				return nil, fmt.Errorf("JSON pointer %q: '~' must be followed by 0 or 1", s)
			}
		}
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return Pointer(toks), nil
}

// String writes the pointer back in RFC 6901 form.
func (p Pointer) String() string {
	var b strings.Builder
	for _, t := range p {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// errNoValue is wrapped when a pointer names nothing in a document.
var errNoValue = errors.New("no value")

// Get finds the value p names in doc (as decoded by encoding/json).
func (p Pointer) Get(doc any) (any, error) {
	cur := doc
	for i, t := range p {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[t]
			if !ok {
				return nil, fmt.Errorf("%w at %s", errNoValue, p[:i+1])
			}
			cur = next
		case []any:
			n, err := strconv.Atoi(t)
			if err != nil || n < 0 || n >= len(v) || (len(t) > 1 && t[0] == '0') {
				return nil, fmt.Errorf("%w at %s (array of %d)", errNoValue, p[:i+1], len(v))
			}
			cur = v[n]
		default:
			return nil, fmt.Errorf("%w at %s (not an object or array)", errNoValue, p[:i+1])
		}
	}
	return cur, nil
}

// String finds a scalar and returns it as text: strings as they are,
// numbers and booleans in JSON form.
func (p Pointer) GetString(doc any) (string, error) {
	v, err := p.Get(doc)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", fmt.Errorf("value at %s is not a string, number or boolean", p)
}
