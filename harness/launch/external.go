package launch

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

func init() { Register("external", LauncherFunc(launchExternal)) }

// external is a server someone else runs; the harness only talks to it.
type external struct{ url string }

func launchExternal(_ context.Context, s Spec) (Target, error) {
	if s.URL == "" {
		return nil, errors.New("launch external: no url (set target.server.url or --target-url)")
	}
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("launch external: url %q is not an http(s) base URL", s.URL)
	}
	return &external{url: strings.TrimRight(s.URL, "/")}, nil
}

func (e *external) URL() string                 { return e.url }
func (e *external) AdminURL() string            { return "" }
func (e *external) Supports(Action) bool        { return false }
func (e *external) Close(context.Context) error { return nil }
func (e *external) Do(_ context.Context, a Action) error {
	return fmt.Errorf("%s an external target: %w", a, ErrUnsupported)
}
