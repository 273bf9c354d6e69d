package dashboards_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/dashboards"
)

func TestParseNames(t *testing.T) {
	tests := []struct {
		name     string
		give     string
		metrics  []string
		labels   [][]string
		grouping []string
	}{
		{name: "bare metric", give: "up", metrics: []string{"up"}, labels: [][]string{nil}},
		{name: "matchers", give: `x_total{a="1", b=~"x|y", c!="}", d!~'{'}`,
			metrics: []string{"x_total"}, labels: [][]string{{"a", "b", "c", "d"}}},
		{name: "rate and by", give: `sum by (le, pool) (rate(h_bucket{pool="req"}[$__rate_interval]))`,
			metrics: []string{"h_bucket"}, labels: [][]string{{"pool"}}, grouping: []string{"le", "pool"}},
		{name: "by after call", give: `sum(rate(a[5m])) by (job) / on(job) group_left(x) b`,
			metrics: []string{"a", "b"}, labels: [][]string{nil, nil}, grouping: []string{"job", "job", "x"}},
		{name: "colon names", give: `rate(llamacpp:n_decode_total[1m])`,
			metrics: []string{"llamacpp:n_decode_total"}, labels: [][]string{nil}},
		{name: "name matcher", give: `{__name__="up", job="x"}`,
			metrics: []string{"up"}, labels: [][]string{{"__name__", "job"}}},
		{name: "keywords and numbers", give: "a > bool 1e3 and b offset 5m or c unless d @ 1609746000",
			metrics: []string{"a", "b", "c", "d"}, labels: [][]string{nil, nil, nil, nil}},
		{name: "strings are not names", give: `label_replace(up, "dst", "$1", "src", "(.*)")`,
			metrics: []string{"up"}, labels: [][]string{nil}},
		{name: "subquery", give: `max_over_time(rate(x[1m])[5m:30s])`,
			metrics: []string{"x"}, labels: [][]string{nil}},
		{name: "comment", give: "a # b{c=\"d\"}\n+ e", metrics: []string{"a", "e"}, labels: [][]string{nil, nil}},
		{name: "function only", give: "time() - vector(1)"},
		{name: "without", give: `sum without (instance) (x)`, metrics: []string{"x"}, labels: [][]string{nil},
			grouping: []string{"instance"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dashboards.ParseNames(tt.give)
			if err != nil {
				t.Fatal(err)
			}
			var metrics []string
			var labels [][]string
			for _, s := range got.Selectors {
				metrics = append(metrics, s.Metric)
				labels = append(labels, s.Labels)
			}
			if !reflect.DeepEqual(metrics, tt.metrics) || !reflect.DeepEqual(labels, tt.labels) {
				t.Errorf("selectors = %v %v, want %v %v", metrics, labels, tt.metrics, tt.labels)
			}
			if !reflect.DeepEqual(got.Grouping, tt.grouping) {
				t.Errorf("grouping = %v, want %v", got.Grouping, tt.grouping)
			}
		})
	}
}

func TestParseNamesErrors(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "unclosed brace", give: `up{job="x"`, want: "unclosed { at offset 2"},
		{name: "unclosed paren", give: `sum(rate(x[5m])`, want: "unclosed ( at offset 3"},
		{name: "mismatched", give: `sum(x]`, want: "unbalanced ] at offset 5"},
		{name: "unterminated string", give: `up{job="x}`, want: "unterminated string at offset 7"},
		{name: "number in matchers", give: `up{1="x"}`, want: `unexpected "1" in label matchers`},
		{name: "string in by", give: `sum by ("a") (x)`, want: `unexpected "\"a\"" in label list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dashboards.ParseNames(tt.give)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzParseNames(f *testing.F) {
	for _, q := range dashboards.Queries() {
		f.Add(q.Expr)
	}
	f.Add(`{__name__="x"}`)
	f.Add(`a{b="\"}"}[5m:1m] offset 1h`)
	f.Fuzz(func(t *testing.T, expr string) {
		n, err := dashboards.ParseNames(expr)
		if err != nil {
			return
		}
		for _, s := range n.Selectors {
			if s.Offset < 0 || s.Offset >= len(expr) {
				t.Fatalf("selector offset %d outside %q", s.Offset, expr)
			}
			if s.Metric != "" && strings.ContainsAny(s.Metric, "{}()[] \t\n") && !strings.HasPrefix(expr[s.Offset:], "{") {
				t.Fatalf("metric %q is not an identifier (expr %q)", s.Metric, expr)
			}
		}
	})
}
