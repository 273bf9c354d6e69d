package leak

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// ErrNoLeakProfile means the target serves no goroutine leak profile.
var ErrNoLeakProfile = errors.New("no /debug/pprof/goroutineleak (server built with a Go older than 1.27, or not a Go server)")

// Remote reads a server's admin pprof endpoints. Its client does not keep
// connections alive, so the check's own connection is not counted as a
// goroutine the next time.
type Remote struct {
	AdminURL string
	client   *http.Client
}

// NewRemote returns a Remote for the admin base URL.
func NewRemote(adminURL string) *Remote {
	return &Remote{AdminURL: adminURL, client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}
}

// Goroutines fetches the goroutine profile.
func (r *Remote) Goroutines(ctx context.Context) (*Profile, error) {
	return r.fetch(ctx, "/debug/pprof/goroutine?debug=1")
}

// Leaked fetches the goroutine leak profile; ErrNoLeakProfile when the
// target does not serve it.
func (r *Remote) Leaked(ctx context.Context) (*Profile, error) {
	return r.fetch(ctx, "/debug/pprof/goroutineleak?debug=1")
}

func (r *Remote) fetch(ctx context.Context, path string) (*Profile, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.AdminURL+path, nil)
	if err != nil {
		return nil, fmt.Errorf("leak check: %w", err)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("leak check: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, ErrNoLeakProfile
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("leak check: GET %s: status %d", path, resp.StatusCode)
	}
	p, err := ParseProfile(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("leak check: GET %s: %w", path, err)
	}
	return p, nil
}

// Finding is the outcome of a leak check.
type Finding struct {
	// Leaked is true when the check found a leak.
	Leaked bool
	// Summary says what was compared and found, in one line.
	Summary string
	// Dumps are the stacks to attach when Leaked (kind → stacks).
	Dumps []Dump
	// Notes are sub-checks that could not run (e.g. no leak profile).
	Notes []string
}

// Dump is evidence for a finding.
type Dump struct {
	Kind    string // "goroutineleak", "goroutine-diff", "goleak"
	Summary string
	Stacks  string
}

// Check compares the goroutine profile with before, polling every poll
// until no top frame has grown or settle has passed, then reads the leak
// profile. Errors reaching the target are returned, not findings.
func (r *Remote) Check(ctx context.Context, before *Profile, settle, poll time.Duration) (Finding, error) {
	after, ds, err := r.settle(ctx, before, settle, poll)
	if err != nil {
		return Finding{}, err
	}
	var f Finding
	if len(ds) > 0 {
		f.Leaked = true
		f.Summary = fmt.Sprintf("goroutines %d→%d after drain: %s", before.Total, after.Total, Describe(ds))
		f.Dumps = append(f.Dumps, Dump{Kind: "goroutine-diff", Summary: f.Summary, Stacks: StacksFor(after, ds)})
	} else {
		f.Summary = fmt.Sprintf("goroutines %d before load, %d after drain, no top frame grew", before.Total, after.Total)
	}
	leaked, err := r.Leaked(ctx)
	switch {
	case errors.Is(err, ErrNoLeakProfile):
		f.Notes = append(f.Notes, err.Error())
	case err != nil:
		return Finding{}, err
	case leaked.Total > 0:
		f.Leaked = true
		s := fmt.Sprintf("goroutineleak profile reports %d leaked goroutines", leaked.Total)
		f.Summary += "; " + s
		f.Dumps = append(f.Dumps, Dump{Kind: "goroutineleak", Summary: s, Stacks: leaked.Raw})
	default:
		f.Summary += "; goroutineleak profile empty"
	}
	return f, nil
}

func (r *Remote) settle(ctx context.Context, before *Profile, settle, poll time.Duration) (*Profile, []Delta, error) {
	deadline := time.Now().Add(settle)
	for {
		after, err := r.Goroutines(ctx)
		if err != nil {
			return nil, nil, err
		}
		ds := Diff(before, after)
		if len(ds) == 0 || time.Now().After(deadline) {
			return after, ds, nil
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return after, ds, nil
		case <-t.C:
		}
	}
}
