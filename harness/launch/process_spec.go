package launch

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"

	"github.com/hangarhq/hangar/internal/placeholder"
)

// procSpec is a process Spec with its ports allocated and every
// placeholder rendered.
type procSpec struct {
	command    []string
	env        []string
	url, admin string
	ready      Ready
	ports      map[string]int
	vars       placeholder.Vars
	log        io.Writer
}

func newProcSpec(s Spec) (procSpec, error) {
	if len(s.Command) == 0 || s.Command[0] == "" {
		return procSpec{}, errors.New("no command")
	}
	if s.URL == "" {
		return procSpec{}, errors.New("no url (the API base, e.g. http://127.0.0.1:{{port.http}})")
	}
	ports, err := freePorts(s.Ports)
	if err != nil {
		return procSpec{}, err
	}
	vars := Placeholders(s, ports)
	ps := procSpec{ports: ports, vars: vars, log: s.Log, ready: s.Ready}
	if ps.log == nil {
		ps.log = io.Discard
	}
	r := renderer{vars: vars}
	ps.command = r.all("command", s.Command)
	ps.url = strings.TrimRight(r.one("url", s.URL), "/")
	ps.admin = strings.TrimRight(r.one("admin_url", s.AdminURL), "/")
	ps.ready.URL = r.one("ready.url", s.Ready.URL)
	env := maps.Clone(s.Env)
	for k, v := range env {
		env[k] = r.one("env."+k, v)
	}
	ps.env = procEnv(env, s.ProxyURL)
	if len(ps.ready.Status) == 0 {
		ps.ready.Status = []int{200}
	}
	if ps.ready.Timeout <= 0 {
		ps.ready.Timeout = ReadyTimeout
	}
	return ps, r.err
}

// Placeholders are the values of the launcher placeholders for s with
// ports allocated (package placeholder names them).
func Placeholders(s Spec, ports map[string]int) placeholder.Vars {
	v := placeholder.Vars{
		placeholder.DataDir:    s.DataDir,
		placeholder.LLMBaseURL: s.LLMBaseURL,
		placeholder.LLMURL:     strings.TrimSuffix(strings.TrimRight(s.LLMBaseURL, "/"), "/v1"),
		placeholder.ProxyURL:   s.ProxyURL,
	}
	for n, p := range ports {
		v[placeholder.PortPrefix+n] = portString(p)
	}
	return v
}

// renderer renders strings, keeping the first error.
type renderer struct {
	vars placeholder.Vars
	err  error
}

func (r *renderer) one(key, s string) string {
	out, err := placeholder.Render(s, r.vars.Lookup)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("%s: %w", key, err)
	}
	return out
}

func (r *renderer) all(key string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = r.one(fmt.Sprintf("%s[%d]", key, i), s)
	}
	return out
}
