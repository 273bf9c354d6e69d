package dashboards_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/dashboards"
)

func allQueries(t *testing.T) []dashboards.Query {
	t.Helper()
	rules, err := dashboards.RuleQueries()
	if err != nil {
		t.Fatal(err)
	}
	return append(dashboards.Queries(), rules...)
}

func TestQueriesUseContractNames(t *testing.T) {
	for _, q := range allQueries(t) {
		if err := dashboards.CheckNames(q); err != nil {
			t.Error(err)
		}
	}
}

func TestCheckNamesCatchesTypos(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string // error substring; empty: no error
	}{
		{name: "ok histogram bucket", give: `histogram_quantile(0.9, sum by (le, route) (rate(hangar_http_request_duration_seconds_bucket{route="/health"}[1m])))`},
		{name: "ok target labels", give: `sum by (job, instance) (go_goroutines{job="x"})`},
		{name: "typo in metric", give: `rate(hangar_ingest_document_total[1m])`, want: `unknown metric "hangar_ingest_document_total"`},
		{name: "bucket of a counter", give: `hangar_ingest_documents_total_bucket`, want: "unknown metric"},
		{name: "le on a sum", give: `hangar_http_request_duration_seconds_sum{le="1"}`, want: `has no label "le"`},
		{name: "wrong matcher label", give: `fakellm_requests_total{route="x"}`, want: `fakellm_requests_total has no label "route"`},
		{name: "wrong grouping label", give: `sum by (purpose) (fakellm_inflight)`, want: `grouping label "purpose"`},
		{name: "no metric", give: `vector(1)`, want: "selects no metric"},
		{name: "unparseable", give: `sum(up`, want: "unclosed ("},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := dashboards.CheckNames(dashboards.Query{Source: "test", Panel: tt.name, Expr: tt.give})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

var metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)

func TestMetricsContractIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range dashboards.Metrics {
		if seen[m.Name] {
			t.Errorf("%s listed twice", m.Name)
		}
		seen[m.Name] = true
		if !metricName.MatchString(m.Name) {
			t.Errorf("%q is not a valid metric name", m.Name)
		}
		if (m.Type == dashboards.TypeCounter) != strings.HasSuffix(m.Name, "_total") {
			t.Errorf("%s: counters, and only counters, end in _total (type %s)", m.Name, m.Type)
		}
		switch m.Type {
		case dashboards.TypeCounter, dashboards.TypeGauge, dashboards.TypeHistogram:
		default:
			t.Errorf("%s: unknown type %q", m.Name, m.Type)
		}
	}
}

// Every contract metric is charted or alerted on somewhere: a metric the
// server exports for nobody is either a missing panel or a stale entry.
func TestEveryContractMetricIsUsed(t *testing.T) {
	used, err := dashboards.UsedMetrics(allQueries(t))
	if err != nil {
		t.Fatal(err)
	}
	families := map[string]bool{}
	for _, s := range used {
		m, _, ok := dashboards.LookupMetric(s)
		if ok {
			families[m.Name] = true
		}
	}
	for _, m := range dashboards.Metrics {
		if !families[m.Name] {
			t.Errorf("%s (%s) is in the contract but no panel or rule uses it", m.Name, m.Source)
		}
	}
}

func TestMayBeEmptyListIsShortAndExplained(t *testing.T) {
	distinct := map[string]bool{}
	for _, q := range dashboards.Queries() {
		if q.MayBeEmpty != "" {
			distinct[q.Expr] = true
			if len(q.MayBeEmpty) < 20 {
				t.Errorf("%s / %s: MayBeEmpty %q does not explain why", q.Source, q.Panel, q.MayBeEmpty)
			}
		}
	}
	if n := len(distinct); n > 5 {
		t.Errorf("%d distinct dashboard queries may be empty; the list must stay short", n)
	}
}

func TestAllChecks(t *testing.T) {
	qs, err := dashboards.AllChecks()
	if err != nil {
		t.Fatal(err)
	}
	var panels, rules, metrics int
	for _, q := range qs {
		switch {
		case strings.HasPrefix(q.Panel, "alert: "):
			rules++
		case strings.HasPrefix(q.Panel, "metric: "):
			metrics++
			if err := dashboards.CheckNames(q); err != nil {
				t.Error(err)
			}
		default:
			panels++
		}
	}
	used, err := dashboards.UsedMetrics(allQueries(t))
	if err != nil {
		t.Fatal(err)
	}
	if panels != len(dashboards.Queries()) || rules != 4 || metrics != len(used) {
		t.Errorf("AllChecks: %d panel, %d rule, %d metric queries; want %d, 4, %d",
			panels, rules, metrics, len(dashboards.Queries()), len(used))
	}
	for name := range dashboards.AbsentUntilUsed {
		if _, _, ok := dashboards.LookupMetric(name); !ok {
			t.Errorf("AbsentUntilUsed names %s, which is not in the contract", name)
		}
	}
}
