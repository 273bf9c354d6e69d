package promcheck_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hangarhq/hangar/dashboards"
	"github.com/hangarhq/hangar/dashboards/promcheck"
)

// requirePrometheus skips without the prometheus binary, unless
// HANGAR_REQUIRE_PROMTOOL=1 (CI; same Debian package as promtool).
func requirePrometheus(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("prometheus"); err == nil {
		return
	}
	if os.Getenv("HANGAR_REQUIRE_PROMTOOL") == "1" {
		t.Fatal("prometheus not found and HANGAR_REQUIRE_PROMTOOL=1: apt-get install -y prometheus")
	}
	t.Skip("prometheus not on PATH (apt-get install -y prometheus); set HANGAR_REQUIRE_PROMTOOL=1 to make this a failure")
}

// contractTarget is a tiny exporter with a few of the contract metrics.
func contractTarget(t *testing.T) *httptest.Server {
	t.Helper()
	reg := prometheus.NewRegistry()
	docs := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hangar_ingest_documents_total", Help: "h"}, []string{"outcome"})
	depth := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "hangar_cascade_queue_depth", Help: "h"}, []string{"status"})
	lat := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "hangar_http_request_duration_seconds", Help: "h"}, []string{"route", "code"})
	reg.MustRegister(docs, depth, lat, collectors.NewGoCollector())
	docs.WithLabelValues("created").Add(3)
	depth.WithLabelValues("pending").Set(3)
	depth.WithLabelValues("indexing").Set(1)
	lat.WithLabelValues("/health", "200").Observe(0.002)
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	t.Cleanup(srv.Close)
	return srv
}

func startLive(t *testing.T, targets []promcheck.Target, rules ...string) *promcheck.Prometheus {
	t.Helper()
	requirePrometheus(t)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	p, err := promcheck.Start(ctx, promcheck.Config{Targets: targets, ScrapeInterval: time.Second, RuleFiles: rules})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Error(err)
		}
	})
	if err := p.WaitScrapes(ctx, 3, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLiveCheck(t *testing.T) {
	t.Parallel()
	target := contractTarget(t)
	rules, err := filepath.Abs(filepath.Join("..", "prometheus", "rules", "hangar.rules.yml"))
	if err != nil {
		t.Fatal(err)
	}
	p := startLive(t, []promcheck.Target{{Job: "hangar-server", Addr: strings.TrimPrefix(target.URL, "http://")}}, rules)
	vars := promcheck.Vars{Range: 5 * time.Minute, ScrapeInterval: time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("queries", func(t *testing.T) { testLiveQueries(ctx, t, p, vars) })
	t.Run("every dashboard and rule query parses", func(t *testing.T) { testAllQueriesParse(ctx, t, p, vars) })
	t.Run("rules load and evaluate", func(t *testing.T) { testRulesHealthy(ctx, t, p) })
}

func testLiveQueries(ctx context.Context, t *testing.T, p *promcheck.Prometheus, vars promcheck.Vars) {
	tests := []struct {
		name       string
		expr       string
		mayBeEmpty string
		instant    bool
		to         time.Time // end of the dashboard range; zero is now
		parseOK    bool
		hasData    bool
		problem    string // substring of Problem(); empty: no problem
	}{
		{name: "rate with $__rate_interval", expr: "sum by (outcome) (rate(hangar_ingest_documents_total[$__rate_interval]))", parseOK: true, hasData: true},
		{name: "instant", expr: "sum by (status) (hangar_cascade_queue_depth)", instant: true, parseOK: true, hasData: true},
		{name: "instant parse error", expr: "sum by (status) (", instant: true, problem: "does not parse"},
		{name: "range before the data", expr: "hangar_cascade_queue_depth", to: time.Now().Add(-time.Hour), parseOK: true, problem: "returned no data"},
		{name: "instant before the data", expr: "hangar_cascade_queue_depth", instant: true, to: time.Now().Add(-time.Hour), parseOK: true, problem: "returned no data"},
		{name: "histogram quantile", expr: `histogram_quantile(0.99, sum by (le) (rate(hangar_http_request_duration_seconds_bucket{route="/health"}[$__rate_interval])))`, parseOK: true, hasData: true},
		{name: "gauge by status", expr: "sum by (status) (hangar_cascade_queue_depth)", parseOK: true, hasData: true},
		{name: "scalar", expr: "time()", parseOK: true, hasData: true},
		{name: "metric not exported", expr: "hangar_cascade_lease_reclaims_total", parseOK: true, problem: "returned no data"},
		{name: "empty but allowed", expr: "hangar_cascade_lease_reclaims_total", mayBeEmpty: "not exported by this target", parseOK: true},
		{name: "parse error", expr: "sum(rate(hangar_ingest_documents_total[5m])", problem: "does not parse"},
		{name: "bad duration", expr: "rate(hangar_ingest_documents_total[5x])", problem: "does not parse"},
		{name: "execution error", expr: "hangar_cascade_queue_depth + on() hangar_cascade_queue_depth", parseOK: true, problem: "failed: prometheus api: execution"},
		{name: "unknown variable", expr: "rate(hangar_ingest_documents_total[$__rate_intervl])", problem: "unknown Grafana variable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := dashboards.Query{Source: "test", Panel: tt.name, Expr: tt.expr, MayBeEmpty: tt.mayBeEmpty, Instant: tt.instant}
			v := vars
			v.To = tt.to
			o := p.Check(ctx, []dashboards.Query{q}, v)[0]
			if o.ParseOK != tt.parseOK || o.HasData != tt.hasData {
				t.Errorf("ParseOK=%v HasData=%v (err %q), want %v %v", o.ParseOK, o.HasData, o.Err, tt.parseOK, tt.hasData)
			}
			got := o.Problem()
			if (tt.problem == "") != (got == "") || !strings.Contains(got, tt.problem) {
				t.Errorf("Problem() = %q, want %q", got, tt.problem)
			}
			if strings.Contains(tt.expr, "$__rate_interval]") && !strings.Contains(o.Expanded, "[4s]") {
				t.Errorf("Expanded = %q, want $__rate_interval as 4s", o.Expanded)
			}
		})
	}
}

// Every panel, annotation and rule expression, and the presence query of
// every metric they use, parses and runs in the real Prometheus; the ones
// whose metrics this target exports also return data.
func testAllQueriesParse(ctx context.Context, t *testing.T, p *promcheck.Prometheus, vars promcheck.Vars) {
	rules, err := dashboards.RuleQueries()
	if err != nil {
		t.Fatal(err)
	}
	qs := append(dashboards.Queries(), rules...)
	presence, err := dashboards.MetricQueries(qs, nil)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := p.Check(ctx, append(qs, presence...), vars)
	withData := map[string]bool{}
	for _, o := range outcomes {
		if !o.ParseOK || o.Err != "" {
			t.Errorf("%s", o.Problem())
		}
		if o.HasData {
			withData[o.Query.Panel] = true
		}
	}
	for _, panel := range []string{"Cascade queue depth by status", "Uploads by outcome (server)", "/health latency (server)",
		"Goroutines", "metric: hangar_cascade_queue_depth", "metric: up"} {
		if !withData[panel] {
			t.Errorf("%s: no data although the target exports its metrics", panel)
		}
	}
	t.Logf("%d queries checked, %d with data", len(outcomes), len(withData))
}

func testRulesHealthy(ctx context.Context, t *testing.T, p *promcheck.Prometheus) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		rs, err := p.Rules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		evaluated := len(rs) == 4
		for _, r := range rs {
			if r.Health == "err" {
				t.Fatalf("rule %s: %s", r.Name, r.LastError)
			}
			evaluated = evaluated && r.Health == "ok"
		}
		if evaluated {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("rules not all evaluated ok: %+v", rs)
		}
		select {
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// After Close nothing answers on Prometheus' port, and Close is idempotent.
func TestLiveClose(t *testing.T) {
	t.Parallel()
	target := contractTarget(t)
	requirePrometheus(t)
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	p, err := promcheck.Start(ctx, promcheck.Config{Targets: []promcheck.Target{{Job: "t", Addr: strings.TrimPrefix(target.URL, "http://")}}})
	if err != nil {
		t.Fatal(err)
	}
	url := p.URL()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	client := &http.Client{Timeout: 2 * time.Second}
	defer client.CloseIdleConnections()
	if resp, err := client.Get(url + "/-/ready"); err == nil {
		resp.Body.Close()
		t.Fatalf("prometheus still answers at %s after Close", url)
	}
}

// A target that is down makes WaitScrapes give up at its bound, naming the
// target as down with Prometheus' own scrape error.
func TestLiveWaitScrapesReportsDownTarget(t *testing.T) {
	t.Parallel()
	requirePrometheus(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	p, err := promcheck.Start(ctx, promcheck.Config{Targets: []promcheck.Target{{Job: "gone", Addr: addr}}, ScrapeInterval: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	// Prometheus activates new targets a few seconds after start; wait for
	// its first failed scrape, then ask WaitScrapes with a short bound.
	for {
		ts, err := p.Targets(ctx)
		if err == nil && len(ts) == 1 && ts[0].LastError != "" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("target never scraped: %v %v", ts, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	err = p.WaitScrapes(ctx, 1, 500*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "gone "+addr+": down") || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %v, want the target reported down with connection refused", err)
	}
}

// After a target goes away its series are stale at once; LastAllUp finds
// the last moment it was up, and instant checks there still see its data.
func TestLiveLastAllUp(t *testing.T) {
	t.Parallel()
	target := contractTarget(t)
	p := startLive(t, []promcheck.Target{{Job: "hangar-server", Addr: strings.TrimPrefix(target.URL, "http://")}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	target.Close()
	closed := time.Now()
	for {
		ts, err := p.Targets(ctx)
		if err == nil && len(ts) == 1 && ts[0].Health == "down" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("target never reported down: %v %v", ts, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	last, err := p.LastAllUp(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if last.After(closed.Add(2 * time.Second)) {
		t.Errorf("LastAllUp = %v, after the target closed at %v", last, closed)
	}
	q := []dashboards.Query{{Source: "test", Panel: "depth", Expr: "hangar_cascade_queue_depth", Instant: true}}
	now := p.Check(ctx, q, promcheck.Vars{ScrapeInterval: time.Second})[0]
	then := p.Check(ctx, q, promcheck.Vars{ScrapeInterval: time.Second, To: last})[0]
	if now.HasData || !then.HasData {
		t.Errorf("instant check: now has data %v (want false: stale), at LastAllUp %v (want true)", now.HasData, then.HasData)
	}
}
