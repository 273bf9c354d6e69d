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
