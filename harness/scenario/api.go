package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/harness/profile"
	"github.com/hangarhq/hangar/internal/placeholder"
	"github.com/hangarhq/hangar/internal/strictyaml"
)

// DefaultAPI is the built-in profile a scenario without target.api uses.
const DefaultAPI = profile.Everos

// API is the target's API profile: `api: everos` (a built-in name) or an
// inline profile mapping; after loading, target.api_file's profile too.
type API struct {
	// Builtin is the built-in name given, "" for an inline or file profile.
	Builtin string
	// Profile is the decoded, validated profile; nil only when loading
	// failed.
	Profile *profile.Profile
}

// UnmarshalStrict reads a built-in name or decodes an inline profile with
// its errors at the scenario file's positions (strictyaml.Unmarshaler).
func (a *API) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, at string) error {
	switch n.Kind {
	case yaml.ScalarNode:
		p, err := profile.Builtin(n.Value)
		if err != nil {
			return err
		}
		*a = API{Builtin: n.Value, Profile: p}
		return nil
	case yaml.MappingNode:
		p := &profile.Profile{}
		_ = p.UnmarshalStrict(d, n, at) // reports through d
		*a = API{Profile: p}
		return nil
	}
	return fmt.Errorf("want a built-in API profile name (%s) or a profile mapping, got %s",
		strings.Join(profile.Names(), ", "), strictyaml.Describe(n))
}

// Profile returns the scenario's API profile (the default when none was
// given).
func (s *Scenario) Profile() *profile.Profile {
	if a := s.Target.API; a != nil && a.Profile != nil {
		return a.Profile
	}
	p, _ := profile.Builtin(DefaultAPI) // built in: cannot fail
	return p
}

// api checks target.api and target.api_file and loads the latter.
func (v *validator) api() {
	t := &v.s.Target
	if t.API != nil && t.APIFile != "" {
		v.errf("target.api_file", "give api or api_file, not both")
		return
	}
	if t.APIFile != "" {
		t.API = v.readAPI("target.api_file", t.APIFile)
	}
	if t.API == nil {
		p, _ := profile.Builtin(DefaultAPI)
		t.API = &API{Builtin: DefaultAPI, Profile: p}
	}
	if t.API.Profile != nil {
		v.profilePorts(t.API.Profile)
	}
}

// readAPI loads a profile file named at path; its problems are reported
// at path, each with the profile file's own position.
func (v *validator) readAPI(path, rel string) *API {
	file := v.files.resolve(rel)
	data, err := v.files.read(file)
	if err != nil {
		v.errf(path, "cannot read API profile %q: %v", rel, pathErr(err))
		return nil
	}
	p, err := profile.Decode(file, data)
	if err != nil {
		var list strictyaml.Errors
		if !errors.As(err, &list) {
			v.errf(path, "%v", err)
			return nil
		}
		for _, e := range list {
			v.errf(path, "%s", e)
		}
		return nil
	}
	return &API{Profile: p}
}

var portRefRE = regexp.MustCompile(`\{\{\s*` + regexp.QuoteMeta(placeholder.PortPrefix) + `([a-z0-9_]+)\s*\}\}`)

// profilePorts checks that the ports the profile's admin URLs and setup
// paths name are ports the process launcher allocates.
func (v *validator) profilePorts(p *profile.Profile) {
	if caps, known := v.caps(); !known || !caps.Accepts.Ports {
		return
	}
	path := "target.api"
	if v.s.Target.APIFile != "" {
		path = "target.api_file"
	}
	ports := v.s.Target.Server.Ports
	check := func(key, s string) {
		for _, m := range portRefRE.FindAllStringSubmatch(s, -1) {
			if !contains(ports, m[1]) {
				v.errf(path, "%s names port %q, which target.server.ports does not declare (have %s)",
					key, m[1], strings.Join(ports, ", "))
			}
		}
	}
	check("admin.metrics", p.Admin.Metrics)
	check("admin.pprof", p.Admin.Pprof)
	for i, r := range p.Setup {
		check(fmt.Sprintf("setup[%d].path", i), r.Path)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
