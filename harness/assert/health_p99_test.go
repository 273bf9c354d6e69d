package assert

import (
	"fmt"
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
// out, unless every window is, when a failure is inconclusive and a pass
// stays a pass.
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
		{"some starved, a kept window fails", late(probes("30s", "3ms", slow("22s", "22.1s")), map[string]string{"5s": "300ms"}),
			5 * time.Second, report.VerdictFail, "windows left out: the harness was starved in them (its probe loop sent a probe up to 300ms late)"},
		{"starved everywhere, failing data: inconclusive", late(probes("10s", "3ms", slow("5s", "5.1s")), map[string]string{"5s": "300ms"}),
			5 * time.Second, report.VerdictInconclusive, "every window had the harness starved (its probe loop sent a probe up to 300ms late), " +
				"so the run cannot tell a slow target from a starved harness"},
		{"starved everywhere, whole run: inconclusive", late(probes("10s", "3ms", slow("5s", "5.1s")), map[string]string{"1s": "150ms"}),
			0, report.VerdictInconclusive, "(its probe loop sent a probe up to 150ms late), so the run cannot tell"},
		{"starved everywhere, passing data: pass", late(probes("10s", "3ms", slow("5s")), map[string]string{"5s": "300ms"}),
			5 * time.Second, report.VerdictPass, "every window had the harness starved (its probe loop sent a probe up to 300ms late), " +
				"so none was left out, and it passed even so"},
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

// TestHealthP99StarvedDecidesNothing: while every window so far had the
// harness starved, data over the bound neither trips fail-fast, nor asks
// for a capture, nor ends the run early; the same data sent on time does
// all three.
func TestHealthP99StarvedDecidesNothing(t *testing.T) {
	e := Expect{}.With(report.AssertHealthP99, HealthP99Param{Bound: 250 * time.Millisecond, Window: 5 * time.Second})
	slow := map[string]string{}
	for at := 1000; at < 1300; at += 100 {
		slow[fmt.Sprintf("%dms", at)] = "1s"
	}
	onTime := probes("12s", "3ms", slow)
	starved := late(probes("12s", "3ms", slow), map[string]string{"4s": "200ms", "8s": "200ms", "11.5s": "200ms"})
	tests := []struct {
		name   string
		probes []report.Probe
		want   bool
	}{
		{"on time", onTime, true},
		{"every window starved", starved, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Input{Expect: e, R: &report.Report{Probes: tt.probes}, Now: d("12s")}
			if _, _, tripped := Trip(in); tripped != tt.want {
				t.Errorf("Trip = %v, want %v", tripped, tt.want)
			}
			if _, failing := FailingNow(in); failing != tt.want {
				t.Errorf("FailingNow = %v, want %v", failing, tt.want)
			}
			if got := WantsDiagnosis(in); got != tt.want {
				t.Errorf("WantsDiagnosis = %v, want %v", got, tt.want)
			}
			d, _ := Lookup(report.AssertHealthP99)
			p, _ := e.Param(report.AssertHealthP99)
			if final := d.Final(in, p); final != tt.want {
				t.Errorf("Final = %v, want %v", final, tt.want)
			}
			if got := Diagnose(evaluate(*in)); (len(got) > 0) != tt.want {
				t.Errorf("Diagnose = %v", got)
			}
		})
	}
}
