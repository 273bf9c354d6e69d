package assert

import (
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

func TestUploadsP95(t *testing.T) {
	// 20 uploads: 19 fast, the slow ones given by latency
	mk := func(slow ...string) []report.Upload {
		var spec []string
		for range 20 - len(slow) {
			spec = append(spec, "1s/100ms/201")
		}
		for _, s := range slow {
			spec = append(spec, "1s/"+s)
		}
		return uploads(spec...)
	}
	tests := []struct {
		name     string
		ups      []report.Upload
		want     report.Verdict
		measured string
		detail   string
	}{
		{"one slow of 20 is the 5%", mk("9s/201"), report.VerdictPass, "100ms", "p95 of 20 answered uploads 100ms; slowest: upload 20 took 9s"},
		{"two slow of 20 is over", mk("9s/201", "3s/503"), report.VerdictFail, "3s", "p95 of 20 answered uploads 3s"},
		{"unanswered do not count", mk("30s/0", "30s/0"), report.VerdictPass, "100ms", "p95 of 18 answered uploads"},
		{"nothing answered", uploads("0s/30s/0"), report.VerdictError, "no answers", "no upload was answered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Expect{}.With(UploadsP95, 2*time.Second)
			a := one(t, evaluate(Input{R: &report.Report{Uploads: tt.ups}, Expect: e, Planned: 20}), UploadsP95)
			if a.Verdict != tt.want || a.Measured != tt.measured || !strings.Contains(a.Detail, tt.detail) {
				t.Fatalf("verdict %s measured %q detail %q; want %s %q containing %q", a.Verdict, a.Measured, a.Detail, tt.want, tt.measured, tt.detail)
			}
			if a.Threshold != "<= 2s" || a.Limit != 2 {
				t.Errorf("threshold %q limit %g", a.Threshold, a.Limit)
			}
		})
	}
}

func TestUploadsP95LiveAndFinal(t *testing.T) {
	def, _ := Lookup(UploadsP95)
	tests := []struct {
		name     string
		ups      []report.Upload
		inFlight []Open
		planned  int
		failed   bool
		final    bool
	}{
		{"one slow of 20 planned may still pass", uploads("0s/9s/201"), []Open{{2, d("1s")}}, 20, false, false},
		{"two slow of 20 planned cannot", uploads("0s/9s/201", "0s/9s/201"), []Open{{3, d("1s")}}, 20, true, true},
		{"all ended is final", uploads("0s/1s/201", "0s/1s/201"), nil, 2, false, true},
		{"one in flight is not", uploads("0s/1s/201"), []Open{{2, d("1s")}}, 2, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Input{R: &report.Report{Uploads: tt.ups}, Planned: tt.planned, InFlight: tt.inFlight, Now: d("10s")}
			if failed, _ := def.Live(in, 2*time.Second); failed != tt.failed {
				t.Errorf("Live = %v, want %v", failed, tt.failed)
			}
			if final := def.Final(in, 2*time.Second); final != tt.final {
				t.Errorf("Final = %v, want %v", final, tt.final)
			}
		})
	}
}
