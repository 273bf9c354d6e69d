package assert

import (
	"strings"
	"testing"

	"github.com/hangarhq/hangar/harness/report"
)

func TestEgressRefused(t *testing.T) {
	tests := []struct {
		name   string
		egress *report.Egress
		max    int
		want   report.Verdict
		detail string
	}{
		{"none", &report.Egress{}, 0, report.VerdictPass, "no attempt"},
		{"refused", &report.Egress{Refused: 3, Hosts: map[string]int{"api.openai.com:443": 2, "x.io:80": 1}}, 0,
			report.VerdictFail, "3 attempts refused by the egress proxy: api.openai.com:443 ×2, x.io:80 ×1"},
		{"within max", &report.Egress{Refused: 1, Hosts: map[string]int{"h:1": 1}}, 1, report.VerdictPass, "h:1 ×1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{R: &report.Report{Target: report.TargetInfo{Egress: tt.egress}}}
			a := EgressRefused(in, tt.max)
			if a.Verdict != tt.want || !strings.Contains(a.Detail, tt.detail) {
				t.Fatalf("verdict %s detail %q; want %s containing %q", a.Verdict, a.Detail, tt.want, tt.detail)
			}
		})
	}
}

func TestEgressRefusedSkippedWithoutProxy(t *testing.T) {
	e := Expect{}.With(report.AssertEgressRefused, 0)
	as, skipped := Evaluate(&Input{R: &report.Report{}, Expect: e})
	if len(as) != 0 || len(skipped) != 1 || !strings.Contains(skipped[0].Why, "no egress proxy") {
		t.Fatalf("assertions %+v skipped %+v", as, skipped)
	}
}
