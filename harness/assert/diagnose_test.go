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
