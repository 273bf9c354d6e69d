package assert

import (
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// late marks the probes at the given times as sent that late.
func late(ps []report.Probe, at map[string]string) []report.Probe {
	for i := range ps {
		for t, l := range at {
			if d(t) == ps[i].At {
				ps[i].Delay = d(l)
			}
		}
	}
	return ps
}

// TestHealthP99Robust: a window holds at least MinP99Samples probes, so one
// stall does not decide; windows where the harness was starved are left
// out, unless every window is.
func TestHealthP99Robust(t *testing.T) {
	slow := func(ts ...string) map[string]string {
		m := map[string]string{}
		for _, s := range ts {
			m[s] = "1s"
		}
		return m
	}
	tests := []struct {
		name       string
		probes     []report.Probe
		window     time.Duration
		want       report.Verdict
		wantDetail string
	}{
		{"one stall in a 5s window passes", probes("30s", "3ms", slow("12s")), 5 * time.Second, report.VerdictPass, "(100 probes)"},
		{"two stalls within 100 probes fail", probes("30s", "3ms", slow("12s", "15s")), 5 * time.Second, report.VerdictFail,
			"health p99 1s in window 5.1s-16s (100 probes)"},
		{"two stalls 100 probes apart pass", probes("30s", "3ms", slow("2s", "22s")), 5 * time.Second, report.VerdictPass, ""},
		{"a long window is not widened", probes("30s", "3ms", slow("12s", "12.1s", "12.2s")), 20 * time.Second, report.VerdictFail, "(200 probes)"},
		{"fewer than 100 probes: the slowest decides", probes("5s", "3ms", slow("2s")), 2 * time.Second, report.VerdictFail, "(50 probes)"},
		{"whole run", probes("30s", "3ms", slow("12s", "13s", "14s", "15s")), 0, report.VerdictFail, "(300 probes)"},
		{"starved harness window left out", late(probes("30s", "3ms", slow("12s", "12.1s")), map[string]string{"12.5s": "300ms"}),
			5 * time.Second, report.VerdictPass, "windows left out: the harness was starved in them (its probe loop sent a probe up to 300ms late)"},
		{"late by less than the threshold counts", late(probes("30s", "3ms", slow("12s", "12.1s")), map[string]string{"12.5s": "99ms"}),
			5 * time.Second, report.VerdictFail, "(100 probes)"},
		{"starved everywhere: nothing left out", late(probes("10s", "3ms", slow("5s", "5.1s")), map[string]string{"5s": "300ms"}),
			5 * time.Second, report.VerdictFail, "every window had the harness starved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Expect{}.With(report.AssertHealthP99, HealthP99Param{Bound: 250 * time.Millisecond, Window: tt.window})
			a := one(t, evaluate(Input{R: &report.Report{Probes: tt.probes}, Expect: e}), report.AssertHealthP99)
			if a.Verdict != tt.want || !strings.Contains(a.Detail, tt.wantDetail) {
				t.Fatalf("verdict %s detail %q; want %s containing %q", a.Verdict, a.Detail, tt.want, tt.wantDetail)
			}
		})
	}
}
