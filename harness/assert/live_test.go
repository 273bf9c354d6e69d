package assert

import (
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/leak"
	"github.com/hangarhq/hangar/harness/report"
)

// TestTrip: the Live checks say "certainly failed" with the fail-fast
// detail, first in evaluation order.
func TestTrip(t *testing.T) {
	e := Expect{}.With(report.AssertHealthMax, time.Second).With(report.AssertHealthFailures, 1).
		With(report.AssertUploadsAnsweredWithin, 5*time.Second).With(report.AssertUploadsStatus, []int{201}).
		With(report.AssertForwardWithin, 2*time.Second)
	slow := probes("3s", "3ms", map[string]string{"1s": "1s"})
	twoFailed := probes("3s", "3ms", map[string]string{"1s": "900ms", "2s": "900ms"})
	tests := []struct {
		name     string
		in       Input
		want     string
		wantText string
	}{
		{"nothing yet", Input{R: &report.Report{Probes: probes("3s", "3ms", nil), Uploads: uploads("0s/1s/201")}}, "", ""},
		{"probe at its timeout", Input{R: &report.Report{Probes: slow}}, report.AssertHealthMax, "health probe took 1s (no answer within 1s)"},
		{"failures over the bound", Input{R: &report.Report{Probes: twoFailed}}, report.AssertHealthFailures, "2 failed health probes (no answer within 1s)"},
		{"late answer", Input{R: &report.Report{Uploads: uploads("0s/6s/201")}}, report.AssertUploadsAnsweredWithin, "upload 1: status 201 after 6s "},
		{"in flight past the bound", Input{R: &report.Report{}, InFlight: []Open{{Ordinal: 2, Start: d("1s")}, {Ordinal: 1, Start: d("500ms")}}, Now: d("6.6s")},
			report.AssertUploadsAnsweredWithin, "upload 1 still unanswered after 6.1s"},
		{"bad status", Input{R: &report.Report{Uploads: uploads("0s/1s/503")}}, report.AssertUploadsStatus, "upload 1: status 503 "},
		{"indexing stalled past the bound", Input{R: &report.Report{}, Series: []Point{{d("1s"), 0, 2}, {d("4s"), 0, 2}, {d("5s"), 1, 1}}},
			report.AssertForwardWithin, "no indexing progress with work queued for 3s (1s-4s)"},
		{"indexing moving", Input{R: &report.Report{}, Series: []Point{{d("1s"), 0, 2}, {d("2s"), 1, 1}, {d("3s"), 2, 0}}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Expect = e
			name, detail, failed := Trip(&in)
			if name != tt.want || detail != tt.wantText || failed != (tt.want != "") {
				t.Fatalf("Trip = %q %q %v, want %q %q", name, detail, failed, tt.want, tt.wantText)
			}
		})
	}
	if CanTrip(Expect{}.With(report.AssertLeaksGoroutines, LeaksParam{Goroutines: true})) || !CanTrip(e) {
		t.Error("CanTrip")
	}
}

// TestFinal: each Final says when the verdict can no longer change.
func TestFinal(t *testing.T) {
	fault := report.Event{At: d("1s"), End: d("5s"), Fault: true}
	tests := []struct {
		name  string
		entry string
		param any
		in    Input
		want  bool
	}{
		{"answered: all ended", report.AssertUploadsAnsweredWithin, 5 * time.Second, Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1}, true},
		{"answered: one in flight", report.AssertUploadsAnsweredWithin, 5 * time.Second,
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 2, InFlight: []Open{{2, d("1s")}}, Now: d("2s")}, false},
		{"answered: in flight past the bound", report.AssertUploadsAnsweredWithin, 5 * time.Second,
			Input{R: &report.Report{}, Planned: 2, InFlight: []Open{{1, d("1s")}}, Now: d("7s")}, true},
		{"p99: complete window over", report.AssertHealthP99, HealthP99Param{Bound: 100 * time.Millisecond, Window: time.Second},
			Input{R: &report.Report{Probes: probes("15s", "3ms", map[string]string{"0s": "1s", "100ms": "1s"})}, Now: d("15s")}, true},
		{"p99: window not complete", report.AssertHealthP99, HealthP99Param{Bound: 100 * time.Millisecond, Window: 5 * time.Second},
			Input{R: &report.Report{Probes: probes("3s", "3ms", map[string]string{"0s": "1s"})}, Now: d("3s")}, false},
		{"p99: whole run", report.AssertHealthP99, HealthP99Param{Bound: 100 * time.Millisecond},
			Input{R: &report.Report{Probes: probes("3s", "3ms", map[string]string{"0s": "1s"})}, Now: d("3s")}, false},
		{"indexed: drained", report.AssertIndexedAllWithin, 10 * time.Second,
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1, LastAnswered: d("1s"), Series: []Point{{d("2s"), 1, 0}}, Now: d("2s")}, true},
		{"indexed: still queued", report.AssertIndexedAllWithin, 10 * time.Second,
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1, LastAnswered: d("1s"), Series: []Point{{d("2s"), 0, 1}}, Now: d("2s")}, false},
		{"indexed: bound passed", report.AssertIndexedAllWithin, 10 * time.Second,
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1, LastAnswered: d("1s"), Series: []Point{{d("2s"), 0, 1}}, Now: d("12s")}, true},
		{"forward: stall seen", report.AssertForwardWithin, time.Second,
			Input{R: &report.Report{}, Planned: 3, Series: []Point{{d("0s"), 0, 2}, {d("3s"), 0, 2}}}, true},
		{"recovery: shown, a later probe may still fail", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("7s", "2ms", nil)}, Series: []Point{{d("5s"), 2, 0}}, Now: d("7s")}, false},
		{"recovery: shown, probing over", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("7s", "2ms", nil)}, Series: []Point{{d("5s"), 2, 0}}, Now: d("7s"), ProbingOver: true}, true},
		{"max: nothing over, probing goes on", report.AssertHealthMax, time.Second,
			Input{R: &report.Report{Probes: probes("3s", "3ms", nil)}, Now: d("3s")}, false},
		{"max: probing over", report.AssertHealthMax, time.Second,
			Input{R: &report.Report{Probes: probes("3s", "3ms", nil)}, Now: d("3s"), ProbingOver: true}, true},
		{"recovery: bound passed, health ok", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("9s", "2ms", nil)}, Series: []Point{{d("5s"), 2, 0}}, Now: d("9s")}, false},
		{"recovery: health failing past the bound", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("9s", "2ms", map[string]string{"8.5s": "1s"})}, Now: d("10s")}, true},
		{"recovery: health failed just before the bound", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("8s", "2ms", map[string]string{"7.5s": "200ms"})}, Now: d("8.1s")}, false},
		{"recovery: indexing still stuck past the bound", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("9s", "2ms", nil)}, Series: []Point{{d("5s"), 1, 3}, {d("9s"), 1, 3}}, Now: d("9s")}, true},
		{"recovery: indexing moved in time", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("9s", "2ms", nil)}, Series: []Point{{d("5s"), 1, 3}, {d("6s"), 2, 2}, {d("9s"), 2, 2}}, Now: d("9s")}, false},
		{"recovery: fault open, no step left", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{{At: d("1s"), Fault: true}}, Probes: probes("7s", "2ms", nil)}, Now: d("7s")}, true},
		{"leaks: drained", report.AssertLeaksGoroutines, LeaksParam{Goroutines: true},
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1, LastAnswered: d("1s"), Series: []Point{{d("2s"), 1, 0}}, Now: d("2s")}, true},
		{"leaks: still queued", report.AssertLeaksGoroutines, LeaksParam{Goroutines: true},
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1, LastAnswered: d("1s"), Series: []Point{{d("2s"), 0, 1}}, Now: d("2s")}, false},
		{"llm calls: upload in flight", report.AssertLLMCallsPerDocument, 2.0,
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 2, InFlight: []Open{{2, d("1s")}}, LastAnswered: d("1s"), Series: []Point{{d("2s"), 1, 0}}, Now: d("2s")}, false},
		{"rss: drained", report.AssertResourcesRSS, RSSGrowth{Bound: 64 << 20},
			Input{R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1, LastAnswered: d("1s"), Series: []Point{{d("2s"), 1, 0}}, Now: d("2s")}, true},
		{"recovery: steps left", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{fault}, Probes: probes("7s", "2ms", nil)}, Series: []Point{{d("5s"), 2, 0}}, Now: d("7s"), StepsLeft: 1}, false},
		{"recovery: fault open, a step left", report.AssertRecoveryWithin, 3 * time.Second,
			Input{R: &report.Report{Events: []report.Event{{At: d("1s"), Fault: true}}, Probes: probes("7s", "2ms", nil)}, Now: d("7s"), StepsLeft: 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def, ok := Lookup(tt.entry)
			if !ok || def.Final == nil {
				t.Fatalf("%s has no Final", tt.entry)
			}
			if got := def.Final(&tt.in, tt.param); got != tt.want {
				t.Fatalf("Final = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestAllFinal: every entry that is not Probed must be final; then the
// Probed ones are asked as if probing were over.
func TestAllFinal(t *testing.T) {
	fault := report.Event{At: d("1s"), End: d("5s"), Fault: true}
	ended := Input{R: &report.Report{Uploads: uploads("0s/1s/201"), Events: []report.Event{fault}, Probes: probes("7s", "2ms", nil)},
		Planned: 1, LastAnswered: d("1s"), Series: []Point{{d("6s"), 1, 0}}, Now: d("7s")}
	health := Expect{}.With(report.AssertHealthMax, time.Second).With(report.AssertHealthFailures, 0)
	tests := []struct {
		name string
		e    Expect
		in   Input
		want bool
	}{
		{"nothing stated", Expect{}, ended, false},
		{"only probed entries", health, ended, false},
		{"health and ended uploads", health.With(report.AssertUploadsStatus, []int{201}), ended, true},
		{"recovery shown, uploads ended", health.With(report.AssertRecoveryWithin, 3*time.Second).With(report.AssertUploadsStatus, []int{201}), ended, true},
		{"recovery with a step left", Expect{}.With(report.AssertRecoveryWithin, 3*time.Second).With(report.AssertUploadsStatus, []int{201}),
			func() Input { in := ended; in.StepsLeft = 1; return in }(), false},
		{"leaks with work queued", health.With(report.AssertLeaksGoroutines, LeaksParam{Goroutines: true}),
			func() Input { in := ended; in.Series = []Point{{d("6s"), 0, 1}}; return in }(), false},
		{"leaks drained", health.With(report.AssertLeaksGoroutines, LeaksParam{Goroutines: true}), ended, true},
		{"health failed, upload in flight", health.With(report.AssertUploadsStatus, []int{201}),
			Input{R: &report.Report{Probes: probes("3s", "3ms", map[string]string{"1s": "1s"})}, Planned: 2, InFlight: []Open{{1, d("1s")}}, Now: d("3s")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Expect = tt.e
			if got := AllFinal(&in); got != tt.want {
				t.Fatalf("AllFinal = %v, want %v", got, tt.want)
			}
			if in.ProbingOver {
				t.Error("AllFinal changed its input")
			}
		})
	}
}

// TestSkips: after a fail-fast stop the entries that need a finished run
// are skipped with the reason, and so is answered_within when another
// entry tripped.
func TestSkips(t *testing.T) {
	e := Expect{}.With(report.AssertHealthMax, time.Second).With(report.AssertUploadsAnsweredWithin, time.Second).
		With(report.AssertLeaksGoroutines, LeaksParam{Goroutines: true}).With(report.AssertRecoveryWithin, time.Second)
	in := &Input{R: &report.Report{Probes: probes("1s", "2ms", nil)}, Expect: e, Tripped: report.AssertHealthMax}
	as, skipped := Evaluate(in)
	want := map[string]string{
		report.AssertUploadsAnsweredWithin: "uploads in flight were cancelled by the fail-fast stop on health.max",
		report.AssertRecoveryWithin:        "run stopped early (fail-fast on health.max)",
		report.AssertLeaksGoroutines:       "run stopped early (fail-fast on health.max)",
	}
	if len(as) != 1 || as[0].Name != report.AssertHealthMax || len(skipped) != len(want) {
		t.Fatalf("evaluated %v, skipped %v", as, skipped)
	}
	for _, s := range skipped {
		if want[s.Name] != s.Why {
			t.Errorf("%s skipped: %q, want %q", s.Name, s.Why, want[s.Name])
		}
	}
	// An entry that needs a finished run and tripped itself is judged on
	// what it saw; the others are still skipped.
	stalled := &Input{R: &report.Report{}, Series: []Point{{d("1s"), 0, 2}, {d("4s"), 0, 2}}, Tripped: report.AssertForwardWithin,
		Expect: Expect{}.With(report.AssertForwardWithin, 2*time.Second).With(report.AssertLeaksGoroutines, LeaksParam{Goroutines: true})}
	as, skipped = Evaluate(stalled)
	if len(as) != 1 || as[0].Name != report.AssertForwardWithin || as[0].Verdict != report.VerdictFail ||
		len(skipped) != 1 || skipped[0].Name != report.AssertLeaksGoroutines {
		t.Errorf("tripped on forward_within: evaluated %v, skipped %v", as, skipped)
	}
	_, skipped = Evaluate(&Input{R: &report.Report{}, Expect: e.With(report.AssertHealthMax, time.Second), LeakSkipped: "no admin endpoint",
		Leak: &leak.Finding{}})
	if len(skipped) != 1 || skipped[0] != (Skipped{report.AssertLeaksGoroutines, "no admin endpoint"}) {
		t.Errorf("skipped %v", skipped)
	}
}

func TestDiagnose(t *testing.T) {
	as := []report.Assertion{
		{Name: report.AssertHealthP99, Verdict: report.VerdictFail},
		{Name: report.AssertUploadsStatus, Verdict: report.VerdictPass},
		{Name: report.AssertResourcesRSS, Verdict: report.VerdictFail},
		{Name: report.AssertLeaksGoroutines, Verdict: report.VerdictFail},
	}
	got := Diagnose(as)
	if len(got) != 2 || got[0].Name != report.AssertHealthP99 || got[1].Name != report.AssertLeaksGoroutines {
		t.Fatalf("Diagnose = %v", got)
	}
}
