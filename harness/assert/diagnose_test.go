package assert

import (
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// TestWantsDiagnosis: evidence is asked for when the tripped entry or a
// failing stated entry has Diagnose set, never for a failure of an entry
// without it or for a run that passes so far.
func TestWantsDiagnosis(t *testing.T) {
	calls := Expect{}.With(report.AssertLLMCallsPerDocument, float64(1))
	answered := Expect{}.With(report.AssertUploadsAnsweredWithin, 5*time.Second)
	tests := []struct {
		name string
		in   Input
		want bool
	}{
		{"passing so far", Input{Expect: answered, R: &report.Report{Uploads: uploads("0s/1s/201")}, Planned: 1}, false},
		{"failing entry with diagnose", Input{Expect: answered, R: &report.Report{Uploads: uploads("0s/6s/201")}, Planned: 1}, true},
		{"unanswered upload", Input{Expect: answered, R: &report.Report{Uploads: uploads("0s/30s/0")}, Planned: 1}, true},
		{"failing entry without diagnose", Input{Expect: calls, R: &report.Report{Uploads: uploads("0s/1s/201")}, LLMCalls: 9}, false},
		{"tripped on an entry with diagnose", Input{Expect: calls, R: &report.Report{}, Tripped: report.AssertHealthMax}, true},
		{"tripped on an entry without diagnose", Input{Expect: calls, R: &report.Report{}, Tripped: report.AssertLLMCallsPerDocument}, false},
		{"nothing stated", Input{R: &report.Report{Uploads: uploads("0s/30s/0")}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WantsDiagnosis(&tt.in); got != tt.want {
				t.Fatalf("WantsDiagnosis = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFailingNow: the moment to capture is a certain failure of an entry
// that asks for diagnosis (a stall past the bound is one, in progress or
// over: forward_within can fail fast on it), never a failure of an entry
// without Diagnose.
func TestFailingNow(t *testing.T) {
	fwd := Expect{}.With(report.AssertForwardWithin, 5*time.Second)
	stalled := []Point{{At: d("1s"), Indexed: 1, Outstanding: 3}, {At: d("4s"), Indexed: 1, Outstanding: 3}, {At: d("7s"), Indexed: 1, Outstanding: 3}}
	resumed := append(append([]Point(nil), stalled...), Point{At: d("8s"), Indexed: 3, Outstanding: 1})
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"stall in progress", Input{Expect: fwd, R: &report.Report{}, Series: stalled}, report.AssertForwardWithin},
		{"stall over", Input{Expect: fwd, R: &report.Report{}, Series: resumed}, report.AssertForwardWithin},
		{"short stall", Input{Expect: fwd, R: &report.Report{}, Series: stalled[:2]}, ""},
		{"live failure", Input{Expect: Expect{}.With(report.AssertHealthMax, time.Second), R: &report.Report{Probes: probes("3s", "3ms", map[string]string{"1s": "1s"})}}, report.AssertHealthMax},
		{"no diagnose", Input{Expect: Expect{}.With(report.AssertLLMCallsPerDocument, float64(1)), R: &report.Report{Uploads: uploads("0s/1s/201")}, LLMCalls: 9}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, ok := FailingNow(&tt.in)
			if name != tt.want || ok != (tt.want != "") {
				t.Fatalf("FailingNow = %q %v, want %q", name, ok, tt.want)
			}
		})
	}
}

// TestEarlyNow: an early capture is asked for when a probe of the last
// second, sent on time, came back over health.p99's bound, though no window
// has failed (FailingNow says nothing yet); not for an older slow probe,
// nor for a late one (the harness itself was starved).
func TestEarlyNow(t *testing.T) {
	p99 := Expect{}.With(report.AssertHealthP99, HealthP99Param{Bound: 250 * time.Millisecond, Window: 10 * time.Second})
	slowLast := probes("2s", "3ms", nil)
	slowLast[len(slowLast)-1].Latency = d("300ms")
	slowEarlier := probes("2s", "3ms", nil)
	slowEarlier[5].Latency = d("300ms") // at 500ms, 1.4s before the latest
	slowRecent := probes("2s", "3ms", nil)
	slowRecent[len(slowRecent)-3].Latency = d("300ms")
	late := probes("2s", "3ms", nil)
	late[len(late)-1].Latency, late[len(late)-1].Delay = d("300ms"), d("150ms")
	tests := []struct {
		name   string
		probes []report.Probe
		want   bool
	}{
		{"latest probe over the bound", slowLast, true},
		{"a probe over the bound 200ms before the latest", slowRecent, true},
		{"a probe over the bound long before", slowEarlier, false},
		{"latest probe over the bound, sent late", late, false},
		{"all fast", probes("2s", "3ms", nil), false},
		{"no probes", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Input{Expect: p99, R: &report.Report{Probes: tt.probes}}
			name, ok := EarlyNow(in)
			if ok != tt.want || (ok && name != report.AssertHealthP99) {
				t.Fatalf("EarlyNow = %q %v, want %v", name, ok, tt.want)
			}
			if name, failing := FailingNow(in); failing {
				t.Fatalf("FailingNow = %q: no complete window failed", name)
			}
		})
	}
}
