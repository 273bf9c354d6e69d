package e2e_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/dashboards"
	"github.com/hangarhq/hangar/dashboards/promcheck"
	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
	"github.com/hangarhq/hangar/harness/telemetry"
	"github.com/hangarhq/hangar/server"
)

// requireEnv is the variable that turns a missing Prometheus into a failure.
const requireEnv = "HANGAR_REQUIRE_PROMTOOL"

// requireTools returns the promtool path, skipping the test when
// prometheus or promtool is missing (failing it under HANGAR_REQUIRE_PROMTOOL=1).
func requireTools(t *testing.T) string {
	t.Helper()
	var missing []string
	paths := map[string]string{}
	for _, bin := range []string{"prometheus", "promtool"} {
		p, err := exec.LookPath(bin)
		if err != nil {
			missing = append(missing, bin)
		}
		paths[bin] = p
	}
	if len(missing) == 0 {
		return paths["promtool"]
	}
	msg := strings.Join(missing, " and ") + " not on PATH (Debian: apt-get install -y prometheus)"
	if os.Getenv(requireEnv) == "1" {
		t.Fatalf("%s, and %s=1", msg, requireEnv)
	}
	t.Skipf("%s; set %s=1 to make this a failure", msg, requireEnv)
	return ""
}

// stack is the scraped system: fake LLM, server and the harness' metrics
// endpoint, all in this process on free loopback ports, so every address is
// known before Prometheus starts.
type stack struct {
	llm        *fakellm.Server
	srv        *server.Server
	metrics    *telemetry.Metrics
	metricsSrv *telemetry.Server
}

// targets lists what Prometheus scrapes, with the job names of the
// committed prometheus.yml.
func (s *stack) targets() []promcheck.Target {
	return []promcheck.Target{
		{Job: dashboards.JobServer, Addr: hostPort(s.srv.AdminURL())},
		{Job: dashboards.JobFakeLLM, Addr: hostPort(s.llm.URL())},
		{Job: dashboards.JobHarness, Addr: hostPort(s.metricsSrv.URL())},
	}
}

// metricsURLs maps each job to its live /metrics URL.
func (s *stack) metricsURLs() map[string]string {
	return map[string]string{
		dashboards.JobServer:  s.srv.AdminURL() + "/metrics",
		dashboards.JobFakeLLM: s.llm.URL() + "/metrics",
		dashboards.JobHarness: s.metricsSrv.URL(),
	}
}

func hostPort(u string) string {
	u = strings.TrimPrefix(u, "http://")
	host, _, _ := strings.Cut(u, "/")
	return host
}

// startStack starts the three processes' servers; each stops in Cleanup.
func startStack(ctx context.Context, t *testing.T) *stack {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	s := &stack{llm: fakellmtest.NewServer(t, fakellm.Config{Seed: 6, Logger: quiet})}
	s.srv = startServer(ctx, t, s.llm.URL()+"/v1", quiet)
	s.metrics = telemetry.New()
	ms, err := telemetry.Serve("127.0.0.1:0", s.metrics)
	if err != nil {
		t.Fatal(err)
	}
	s.metricsSrv = ms
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := ms.Close(cctx); err != nil {
			t.Errorf("close harness metrics: %v", err)
		}
	})
	return s
}

// startServer runs the hangar server with the short deadlines every shipped
// scenario uses, so the fault window resolves within the run.
func startServer(ctx context.Context, t *testing.T, llmBaseURL string, log *slog.Logger) *server.Server {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.Addr, cfg.AdminAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.DataDir, cfg.LLMBaseURL, cfg.Logger = t.TempDir(), llmBaseURL, log
	cfg.RequestBudget, cfg.MaxConcurrentUploads = 10*time.Second, 4
	cfg.LLM.AttemptTimeout, cfg.LLM.CallBudget = 2*time.Second, 8*time.Second
	cfg.LLM.BackoffMax, cfg.LLM.RetryAfterMax, cfg.LLM.BreakerDelay = time.Second, 2*time.Second, 2*time.Second
	cfg.Cascade.EmbedTimeout, cfg.Cascade.StoreTimeout = 3*time.Second, 2*time.Second
	cfg.Cascade.Lease, cfg.Cascade.PollInterval, cfg.Cascade.MaxAttempts = 8*time.Second, 200*time.Millisecond, 10
	cfg.Cascade.WatchdogInterval = cfg.Cascade.Lease / 4
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			t.Errorf("server shutdown: %v", err)
		}
	})
	return srv
}

// startPrometheus runs the real Prometheus on a free loopback port with a
// temp data dir, scraping targets every second and evaluating the committed
// alert rules; it waits until every target has been scraped twice.
func startPrometheus(ctx context.Context, t *testing.T, targets []promcheck.Target) *promcheck.Prometheus {
	t.Helper()
	rules, err := filepath.Abs(filepath.Join("..", "prometheus", "rules", "hangar.rules.yml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := promcheck.Start(ctx, promcheck.Config{Targets: targets, ScrapeInterval: scrapeInterval, RuleFiles: []string{rules}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	if err := p.WaitScrapes(ctx, 2, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	return p
}

// waitMoreScrapes waits until every target has been scraped n more times
// than the best-scraped one so far, so values set just now are stored.
func waitMoreScrapes(ctx context.Context, t *testing.T, p *promcheck.Prometheus, n int) {
	t.Helper()
	ts, err := p.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for _, s := range ts {
		most = max(most, s.Scrapes)
	}
	if err := p.WaitScrapes(ctx, most+n, 15*time.Second); err != nil {
		t.Fatal(err)
	}
}
