package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/internal/loopback"
	"github.com/hangarhq/hangar/internal/placeholder"
)

// caps are the named launcher's capabilities; known is false for a name
// no launcher is registered under.
func (v *validator) caps() (c launch.Caps, known bool) {
	l, err := launch.Lookup(string(v.s.Target.Server.Launch))
	if err != nil {
		return launch.Caps{}, false
	}
	return l.Caps(), true
}

// accepted refuses every target.server key the launcher does not read.
func (v *validator) accepted(a launch.Accepts) {
	var takes []string
	for _, k := range a.Keys() {
		if k.Accepted {
			takes = append(takes, k.Name)
		}
	}
	for _, k := range a.Keys() {
		if path := "target.server." + k.Name; !k.Accepted && v.given(path) {
			v.errf(path, "not accepted by launch: %s (it takes %s)", v.s.Target.Server.Launch, strings.Join(takes, ", "))
		}
	}
}

var portNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// process checks what a launcher that renders placeholders reads: the
// command, ports, readiness, egress and every placeholder.
func (v *validator) process(c launch.Caps) {
	const base = "target.server."
	sv := &v.s.Target.Server
	if c.Accepts.Command {
		if len(sv.Command) == 0 {
			v.errf(base+"command", "required with launch: %s: [program, args...]", sv.Launch)
		} else if sv.Command[0] == "" {
			v.errf(base+"command[0]", "the program must not be empty")
		}
		if sv.URL == "" {
			v.errf(base+"url", "required with launch: %s (the API base, e.g. http://127.0.0.1:{{port.http}})", sv.Launch)
		}
	}
	for i, p := range sv.Ports {
		path := fmt.Sprintf("%sports[%d]", base, i)
		switch {
		case !portNameRE.MatchString(p):
			v.errf(path, "port name %q: use lower-case letters, digits and '_'", p)
		case slices.Index(sv.Ports, p) < i:
			v.errf(path, "port %q listed twice", p)
		}
	}
	v.ready(sv.Ready)
	if sv.Egress != "" && sv.Egress != EgressRefuse && sv.Egress != EgressAllow {
		v.errf(base+"egress", "unknown egress %q (want %q or %q)", sv.Egress, EgressRefuse, EgressAllow)
	}
	if c.Placeholders {
		v.placeholders()
	}
}

func (v *validator) ready(r *ServerReady) {
	const base = "target.server.ready"
	if r == nil {
		return
	}
	if r.URL == "" {
		v.errf(base+".url", "required (e.g. http://127.0.0.1:{{port.http}}/health)")
	}
	for i, st := range r.Status {
		if st < 100 || st > 599 {
			v.errf(fmt.Sprintf("%s.status[%d]", base, i), "%d is not an HTTP status code", st)
		}
	}
	v.positive(base+".timeout", r.Timeout)
}

// placeholders checks every string the launcher renders: known names
// only, and URLs that render to loopback http(s) URLs.
func (v *validator) placeholders() {
	sv := &v.s.Target.Server
	vars := placeholder.Vars{}
	for _, n := range placeholder.LauncherNames {
		vars[n] = "x"
	}
	vars[placeholder.LLMURL], vars[placeholder.LLMBaseURL] = "http://127.0.0.1:1", "http://127.0.0.1:1/v1"
	vars[placeholder.ProxyURL] = "http://127.0.0.1:1"
	for _, p := range sv.Ports {
		if portNameRE.MatchString(p) {
			vars[placeholder.PortPrefix+p] = "1"
		}
	}
	check := func(path, s string) string {
		out, err := placeholder.Render(s, vars.Lookup)
		switch {
		case errors.Is(err, placeholder.ErrUnknown):
			v.errf(path, "%v (known: %s)", err, strings.Join(wrap(vars.Names()), ", "))
		case err != nil:
			v.errf(path, "%v", err)
		}
		return out
	}
	for i, s := range sv.Command {
		check(fmt.Sprintf("target.server.command[%d]", i), s)
	}
	for i, s := range sv.Args {
		check(fmt.Sprintf("target.server.args[%d]", i), s)
	}
	for k, s := range sv.Env {
		check("target.server.env."+k, s)
	}
	urls := map[string]string{"url": sv.URL, "admin_url": sv.AdminURL}
	if sv.Ready != nil {
		urls["ready.url"] = sv.Ready.URL
	}
	for key, u := range urls {
		path := "target.server." + key
		if r := check(path, u); u != "" && r != "" {
			if err := loopback.CheckURL(r); err != nil {
				v.errf(path, "%q: must render to a loopback http(s) URL such as http://127.0.0.1:{{port.http}}", u)
			}
		}
	}
}

func wrap(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{{" + n + "}}"
	}
	return out
}

// serverStep checks a step's server action against the launcher's Caps.
func (v *validator) serverStep(path string, st *Step) {
	switch caps, known := v.caps(); {
	case st.Server == "":
	case !slices.Contains(ServerActions, st.Server):
		v.errf(path+".server", "unknown action %q (want one of %s)", st.Server, joinQuoted(ServerActions))
	case known && !caps.Can(st.Server):
		v.errf(path+".server", "server %s is not possible with launch: %s (possible with %s)",
			st.Server, v.s.Target.Server.Launch, strings.Join(launch.Can(st.Server), ", "))
	}
}
