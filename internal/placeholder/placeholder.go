package placeholder

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Launcher placeholder names. A port placeholder is PortPrefix plus the
// name of a port the scenario lists (`{{port.http}}`).
const (
	DataDir    = "data_dir"     // the server's data directory
	LLMURL     = "llm_url"      // the fake LLM's root URL, without /v1
	LLMBaseURL = "llm_base_url" // the fake LLM's OpenAI base URL (…/v1)
	ProxyURL   = "proxy_url"    // the run's refusing egress proxy
	PortPrefix = "port."
)

// LauncherNames are the fixed launcher placeholder names, sorted; ports
// come on top.
var LauncherNames = []string{DataDir, LLMBaseURL, LLMURL, ProxyURL}

// ErrUnknown is wrapped by errors about a name the lookup does not know.
var ErrUnknown = errors.New("unknown placeholder")

// Lookup returns a placeholder's value and whether the name is known.
type Lookup func(name string) (string, bool)

// Vars is a Lookup over a fixed map.
type Vars map[string]string

// Lookup implements Lookup.
func (v Vars) Lookup(name string) (string, bool) { s, ok := v[name]; return s, ok }

// Names returns the map's names, sorted.
func (v Vars) Names() []string {
	out := make([]string, 0, len(v))
	for k := range v {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Part is a piece of a parsed string: literal text, or a placeholder name.
type Part struct {
	Text string // literal text when Name is ""
	Name string // placeholder name
}

// Parse splits s into literal text and placeholders.
func Parse(s string) ([]Part, error) {
	var parts []Part
	for s != "" {
		i := strings.Index(s, "{{")
		if i < 0 {
			return append(parts, Part{Text: s}), nil
		}
		if i > 0 {
			parts = append(parts, Part{Text: s[:i]})
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			return nil, fmt.Errorf("unclosed %q", "{{")
		}
		name := strings.TrimSpace(s[i+2 : i+2+j])
		if !validName(name) {
			return nil, fmt.Errorf("invalid placeholder %q (want {{name}} with a-z, 0-9, '_' and '.')", s[i:i+4+j])
		}
		parts = append(parts, Part{Name: name})
		s = s[i+4+j:]
	}
	return parts, nil
}

func validName(n string) bool {
	if n == "" || n[0] == '.' || n[len(n)-1] == '.' {
		return false
	}
	for _, c := range []byte(n) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// Refs returns the placeholder names s uses, in order (repeats included).
func Refs(s string) ([]string, error) {
	parts, err := Parse(s)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, p := range parts {
		if p.Name != "" {
			names = append(names, p.Name)
		}
	}
	return names, nil
}

// Render replaces every placeholder in s with its value from look. An
// unknown name or a malformed placeholder is an error.
func Render(s string, look Lookup) (string, error) {
	parts, err := Parse(s)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Name == "" {
			b.WriteString(p.Text)
			continue
		}
		v, ok := look(p.Name)
		if !ok {
			return "", fmt.Errorf("%w {{%s}}", ErrUnknown, p.Name)
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// Check reports the first malformed or unknown placeholder in s.
func Check(s string, known func(name string) bool) error {
	_, err := Render(s, func(n string) (string, bool) { return "", known(n) })
	return err
}
