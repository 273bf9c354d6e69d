package dashboards

import (
	"fmt"
	"sort"
)

// UsedMetrics lists the distinct series names the given queries select,
// sorted.
func UsedMetrics(qs []Query) ([]string, error) {
	seen := map[string]bool{}
	for _, q := range qs {
		n, err := ParseNames(q.Expr)
		if err != nil {
			return nil, fmt.Errorf("%s / %s: %w", q.Source, q.Panel, err)
		}
		for _, s := range n.Selectors {
			seen[s.Metric] = true
		}
	}
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Strings(out)
	return out, nil
}

// MetricQueries returns one presence query per distinct metric the given
// queries use ("group(name)" selects any series of it; a range query, so a
// metric present at any time of the checked range counts), so a live check
// can tell "this metric is not exported" apart from "this expression is
// empty right now". Metrics in mayBeEmpty carry the reason they may be
// absent.
func MetricQueries(qs []Query, mayBeEmpty map[string]string) ([]Query, error) {
	names, err := UsedMetrics(qs)
	if err != nil {
		return nil, err
	}
	out := make([]Query, 0, len(names))
	for _, n := range names {
		out = append(out, Query{
			Source: "metrics", Panel: "metric: " + n, Expr: fmt.Sprintf("group(%s)", n),
			MayBeEmpty: mayBeEmpty[n],
		})
	}
	return out, nil
}

// AbsentUntilUsed lists the metric families whose series appear only when
// something happens (a client_golang vector creates a child on first use),
// so a short healthy run may not export them yet.
var AbsentUntilUsed = map[string]string{
	"hangar_harness_probe_failures_total": "created on the first failed probe",
	"fakellm_faults_total":                "created on the first fault fired; a scenario with a fault plan fires some",
	"hangar_store_writes_rejected_total":  "created on the first refused store write",
}

// CheckNames checks every metric and label a query names against Metrics:
// an unknown metric, a matcher label the metric does not carry, or a
// grouping label none of the query's metrics carry is an error naming the
// query.
func CheckNames(q Query) error {
	n, err := ParseNames(q.Expr)
	if err != nil {
		return fmt.Errorf("%s / %s: %w", q.Source, q.Panel, err)
	}
	if len(n.Selectors) == 0 {
		return fmt.Errorf("%s / %s: %q selects no metric", q.Source, q.Panel, q.Expr)
	}
	all := map[string]bool{}
	for _, s := range n.Selectors {
		labels, ok := SeriesLabels(s.Metric)
		if !ok {
			return fmt.Errorf("%s / %s: unknown metric %q (not in dashboards.Metrics)", q.Source, q.Panel, s.Metric)
		}
		set := toSet(labels)
		for _, l := range s.Labels {
			if !set[l] {
				return fmt.Errorf("%s / %s: metric %s has no label %q (has %v)", q.Source, q.Panel, s.Metric, l, labels)
			}
		}
		for l := range set {
			all[l] = true
		}
	}
	for _, l := range n.Grouping {
		if !all[l] {
			return fmt.Errorf("%s / %s: grouping label %q is on none of the query's metrics", q.Source, q.Panel, l)
		}
	}
	return nil
}

func toSet(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
