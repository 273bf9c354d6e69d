package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/profile"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/internal/placeholder"
)

// setupTimeout bounds one setup request.
const setupTimeout = 30 * time.Second

// launchVars are the launcher placeholder values the target's API profile
// renders with: the target's own when it has them, else those the harness
// knows (the fake LLM's URLs, the egress proxy, the data dir).
func (r *run) launchVars() placeholder.Vars {
	v := launch.Placeholders(launch.Spec{LLMBaseURL: r.llm.URL() + "/v1", DataDir: r.dataDir, ProxyURL: r.proxyURL()}, nil)
	if ph, ok := r.target.(launch.Placeholding); ok {
		for k, val := range ph.Placeholders() {
			v[k] = val
		}
	}
	return v
}

func (r *run) proxyURL() string {
	if r.egress == nil {
		return ""
	}
	return r.egress.URL()
}

// render renders an admin URL template of the profile; "" stays "".
func (r *run) render(t string) string {
	if t == "" {
		return ""
	}
	out, err := placeholder.Render(t, r.launchVars().Lookup)
	if err != nil {
		r.log.Warn(fmt.Sprintf("API profile admin URL %q: %v", t, err))
		return ""
	}
	return out
}

// metricsURL is where the target's metrics are scraped, "" when nowhere.
func (r *run) metricsURL() string {
	if u := r.render(r.api.Admin.Metrics); u != "" && r.o.TargetURL == "" {
		return u
	}
	if a := r.target.AdminURL(); a != "" {
		return a + "/metrics"
	}
	return ""
}

// pprofURL is the target's pprof base URL, "" when it has none.
func (r *run) pprofURL() string {
	if u := r.render(r.api.Admin.Pprof); u != "" && r.o.TargetURL == "" {
		return u
	}
	return r.target.AdminURL()
}

// healthPath is the probed path: the scenario's, else the profile's first.
func (r *run) healthPath() string {
	if p := r.s.Probes.Health.Path; p != "" {
		return p
	}
	return r.api.Health.Paths[0]
}

// readyPaths must all be healthy before load: the profile's health paths
// and the scenario's probe path.
func (r *run) readyPaths() []string {
	paths := slices.Clone(r.api.Health.Paths)
	if p := r.s.Probes.Health.Path; p != "" && !slices.Contains(paths, p) {
		paths = append(paths, p)
	}
	return paths
}

// runSetup sends the profile's setup requests in order; the first that
// fails is a harness error naming it.
func (r *run) runSetup(ctx context.Context) error {
	client := &http.Client{Timeout: setupTimeout, Transport: &http.Transport{DialContext: r.dial()}}
	defer client.CloseIdleConnections()
	for i, sr := range r.api.Setup {
		b, err := r.api.SetupRequest(i, r.target.URL(), profile.Vars{Launch: r.launchVars().Lookup})
		if err != nil {
			return fmt.Errorf("setup %q: %w", sr.Name, err)
		}
		req, err := b.NewRequest()
		if err != nil {
			return fmt.Errorf("setup %q: %w", sr.Name, err)
		}
		resp, err := client.Do(req.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("setup %q: %w", sr.Name, err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		_ = resp.Body.Close()
		if !setupOK(sr.Status, resp.StatusCode) {
			return fmt.Errorf("setup %q: %s %s answered %d: %s", sr.Name, b.Method, b.URL, resp.StatusCode, head(body))
		}
		r.rec.event(report.Event{At: r.rec.now(), Kind: report.EventPhase, Name: "setup",
			Detail: fmt.Sprintf("%s: %d", sr.Name, resp.StatusCode), Step: -1})
	}
	return nil
}

func setupOK(want []int, status int) bool {
	if len(want) == 0 {
		return status >= 200 && status <= 299
	}
	return slices.Contains(want, status)
}
