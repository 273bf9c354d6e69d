package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/dashboards"
	"github.com/hangarhq/hangar/dashboards/promcheck"
	"github.com/hangarhq/hangar/harness"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// scrapeInterval is Prometheus' scrape and rule evaluation interval, and
// the datasource scrape interval Grafana derives $__rate_interval from.
const scrapeInterval = time.Second

// testBound bounds the whole test: start-up, the scenario (its own hard
// stop is 40 s, a healthy run takes about 12 s) and every check.
const testBound = 100 * time.Second

// filledHere lists queries the dashboards allow to be empty in general
// (their MayBeEmpty reason) that this scenario is built to fill: its fault
// plan is in force for the first 6 s and fires a 429 on every second chat
// call. Here they must return data.
var filledHere = map[string]string{
	"annotation: Faults active":    "the initial fault plan is in force for 6 s, several scrapes",
	"annotation: Faults fired":     "the plan fires a 429 on every second chat call of paced uploads for 6 s",
	"metric: fakellm_faults_total": "the plan fires a 429 on every second chat call",
}

// TestDashboardsAgainstLiveRun is the end-to-end check of the dashboards: Prometheus
// scrapes a live run of server, fake LLM and harness; every dashboard
// query and rule expression parses and returns data (bar the short
// MayBeEmpty list, each with its reason), the rules evaluate, and the live
// /metrics pass promtool's lint.
func TestDashboardsAgainstLiveRun(t *testing.T) {
	promtool := requireTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), testBound)
	t.Cleanup(cancel)
	began := time.Now()

	st := startStack(ctx, t)
	p := startPrometheus(ctx, t, st.targets())
	promUp := time.Now()
	t.Logf("prometheus at %s, every target scraped twice after %v", p.URL(), promUp.Sub(began).Round(time.Millisecond))

	rep := runScenario(ctx, t, st)
	ran := time.Now()
	t.Logf("scenario %s ran %v: %s", rep.Scenario.Name, rep.End.Sub(rep.Start).Round(time.Millisecond), rep.Outcome())

	t.Run("promtool check metrics", func(t *testing.T) { testLint(ctx, t, promtool, st.metricsURLs()) })
	// The harness sets its verdicts when the run ends; its endpoint stays
	// up here (unlike `hangar run`'s, see the package doc) until they have
	// been scraped.
	waitMoreScrapes(ctx, t, p, 2)
	vars := promcheck.Vars{Range: time.Since(promUp).Truncate(time.Second) + time.Second, To: time.Now(),
		ScrapeInterval: scrapeInterval, Datasource: "prometheus"}
	t.Run("every query", func(t *testing.T) { testQueries(ctx, t, p, vars) })
	t.Run("a metric nobody exports is reported", func(t *testing.T) { testMissingMetric(ctx, t, p, vars) })
	t.Run("rules evaluate", func(t *testing.T) { testRules(ctx, t, p) })
	t.Logf("timings: start-up %v, scenario %v, checks %v, total %v",
		promUp.Sub(began).Round(time.Millisecond), ran.Sub(promUp).Round(time.Millisecond),
		time.Since(ran).Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
}

// runScenario runs testdata/live.yaml through the harness package against
// the stack, exporting the harness metrics on the stack's endpoint.
func runScenario(ctx context.Context, t *testing.T, st *stack) *report.Report {
	t.Helper()
	s, err := scenario.Load("testdata/live.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := harness.Run(ctx, harness.Options{Scenario: s, OutDir: t.TempDir(), TargetURL: st.srv.URL(),
		LLMURL: st.llm.URL(), Metrics: st.metrics, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("harness run: %v", err)
	}
	var sum bytes.Buffer
	if err := report.WriteSummary(&sum, rep); err != nil {
		t.Fatal(err)
	}
	t.Logf("run summary:\n%s", sum.String())
	return rep
}

// testLint runs promtool check metrics on each live /metrics; only the
// fake LLM's llama-server names (llamacpp:) are excused.
func testLint(ctx context.Context, t *testing.T, promtool string, urls map[string]string) {
	for _, job := range []string{dashboards.JobServer, dashboards.JobHarness, dashboards.JobFakeLLM} {
		t.Run(job, func(t *testing.T) {
			problems, err := promcheck.LintMetrics(ctx, promtool, urls[job], promcheck.DocumentedLintExceptions)
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range problems {
				t.Errorf("%s: %s", urls[job], pr)
			}
		})
	}
	t.Run("the fakellm exception covers only llamacpp names", func(t *testing.T) {
		all, err := promcheck.LintMetrics(ctx, promtool, urls[dashboards.JobFakeLLM], nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 0 {
			t.Error("promtool found nothing in the fake LLM's metrics: the llamacpp: exception is no longer needed")
		}
		for _, pr := range all {
			if !strings.HasPrefix(pr.Metric, "llamacpp:") {
				t.Errorf("unexcused finding: %s", pr)
			}
		}
	})
}

// testQueries checks every panel, annotation and rule query and the
// presence of every metric they use.
func testQueries(ctx context.Context, t *testing.T, p *promcheck.Prometheus, vars promcheck.Vars) {
	checks, err := dashboards.AllChecks()
	if err != nil {
		t.Fatal(err)
	}
	outs := p.Check(ctx, checks, vars)
	for _, pr := range promcheck.Problems(outs) {
		t.Error(pr)
	}
	withData, empty := 0, map[string]string{}
	for _, o := range outs {
		name := o.Query.Source + " / " + o.Query.Panel + refSuffix(o.Query.RefID)
		if o.HasData {
			withData++
			continue
		}
		if why, ok := filledHere[o.Query.Panel]; ok {
			t.Errorf("%s: no data although %s\n    %s", name, why, o.Expanded)
		}
		empty[name] = o.Query.MayBeEmpty
	}
	for name := range filledHere {
		if !hasPanel(checks, name) {
			t.Errorf("filledHere names %q, which no dashboard, rule or metric check has", name)
		}
	}
	t.Logf("%d queries checked ($__rate_interval=%s, $__interval=%s, range %v): %d with data, %d empty:\n%s",
		len(outs), promcheck.FormatDuration(vars.RateInterval()), promcheck.FormatDuration(vars.Interval()),
		vars.Range, withData, len(empty), listEmpty(empty))
}

func refSuffix(ref string) string {
	if ref == "" {
		return ""
	}
	return " [" + ref + "]"
}

func hasPanel(qs []dashboards.Query, panel string) bool {
	for _, q := range qs {
		if q.Panel == panel {
			return true
		}
	}
	return false
}

func listEmpty(empty map[string]string) string {
	names := make([]string, 0, len(empty))
	for n := range empty {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "  %s: %s\n", n, empty[n])
	}
	return b.String()
}

// testRules checks that Prometheus loaded every committed rule and that
// each evaluated without error against the live series.
func testRules(ctx context.Context, t *testing.T, p *promcheck.Prometheus) {
	want, err := dashboards.RuleQueries()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := p.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(want) {
		t.Errorf("prometheus loaded %d rules, the rules file has %d: %+v", len(rs), len(want), rs)
	}
	for _, r := range rs {
		if r.Health != "ok" {
			t.Errorf("rule %s: health %q %s", r.Name, r.Health, r.LastError)
		}
		t.Logf("rule %s: %s, %s", r.Name, r.Health, r.State)
	}
}

// testMissingMetric shows the check can fail in this very setup: a panel
// query naming a metric none of the three processes exports is reported as
// returning no data, and a malformed one as not parsing.
func testMissingMetric(ctx context.Context, t *testing.T, p *promcheck.Prometheus, vars promcheck.Vars) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "unexported metric", give: "sum(rate(hangar_cascade_not_exported_total[$__rate_interval]))", want: "returned no data"},
		{name: "label value nobody has", give: `sum(hangar_cascade_queue_depth{status="no-such-status"})`, want: "returned no data"},
		{name: "malformed", give: "sum by (status (hangar_cascade_queue_depth)", want: "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := dashboards.Query{Source: "e2e", Panel: tt.name, Expr: tt.give}
			got := p.Check(ctx, []dashboards.Query{q}, vars)[0].Problem()
			if !strings.Contains(got, tt.want) {
				t.Errorf("Problem() = %q, want it to say %q", got, tt.want)
			}
		})
	}
}
