package dashboards_test

import (
	"strings"
	"testing"

	"github.com/hangarhq/hangar/dashboards"
)

func TestRequiredAlertsExist(t *testing.T) {
	rg, err := dashboards.ParseRules(dashboards.RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]dashboards.Rule{}
	for _, g := range rg.Groups {
		for _, r := range g.Rules {
			have[r.Alert] = r
		}
	}
	for _, name := range []string{"HangarIngestStalled", "HangarHealthSlow", "HangarLLMUnavailable", "HangarLeaseReclaimsHigh"} {
		r, ok := have[name]
		if !ok {
			t.Errorf("alert %s missing", name)
			continue
		}
		if r.Labels["severity"] == "" || r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
			t.Errorf("alert %s needs a severity label and summary and description annotations", name)
		}
		if !strings.Contains(string(dashboards.RulesTestFile), "alertname: "+name) {
			t.Errorf("alert %s has no promtool unit test", name)
		}
	}
}

func TestParseRulesErrors(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "unknown key", give: "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        fro: 1m\n",
			want: "line 6: field fro not found"},
		{name: "no expr", give: "groups:\n  - name: g\n    rules:\n      - alert: A\n", want: `group "g" rule 1 (A): empty expr`},
		{name: "alert and record", give: "groups:\n  - name: g\n    rules:\n      - alert: A\n        record: r\n        expr: up\n",
			want: "exactly one of alert and record"},
		{name: "two documents", give: "groups: []\n---\ngroups: []\n", want: "more than one YAML document"},
		{name: "not yaml", give: "groups: [\n", want: "parse rules: yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dashboards.ParseRules([]byte(tt.give))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
