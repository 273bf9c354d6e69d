package launch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ExternalCaps are the capabilities of launch: external: no actions; leak
// checks through admin_url when the scenario names one.
var ExternalCaps = Caps{Accepts: Accepts{URL: true, AdminURL: true}, Leaks: LeakPprof}

// ExternalName is the external launcher's name: `hangar run --target-url`
// switches a run to it.
const ExternalName = "external"

func init() { Register(ExternalName, Func{C: ExternalCaps, F: launchExternal}) }

// external is a server someone else runs; the harness only talks to it.
type external struct{ url, admin string }

func launchExternal(_ context.Context, s Spec) (Target, error) {
	if s.URL == "" {
		return nil, errors.New("launch external: no url (set target.server.url or --target-url)")
	}
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("launch external: url %q is not an http(s) base URL", s.URL)
	}
	if s.AdminURL != "" {
		if a, err := url.Parse(s.AdminURL); err != nil || (a.Scheme != "http" && a.Scheme != "https") || a.Host == "" {
			return nil, fmt.Errorf("launch external: admin url %q is not an http(s) base URL", s.AdminURL)
		}
	}
	return &external{url: strings.TrimRight(s.URL, "/"), admin: strings.TrimRight(s.AdminURL, "/")}, nil
}

func (e *external) URL() string                 { return e.url }
func (e *external) AdminURL() string            { return e.admin }
func (e *external) Close(context.Context) error { return nil }
func (e *external) Do(_ context.Context, a Action) error {
	return fmt.Errorf("%s an external target: %w", a, ErrUnsupported)
}
