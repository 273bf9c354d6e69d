package assert

import (
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/leak"
	"github.com/hangarhq/hangar/harness/report"
)

func d(s string) report.Duration {
	v, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return report.Duration(v)
}

// probes makes one health probe every 100ms from 0 to end, with latency
// lat, except at the given times where the probe failed after slow.
func probes(end string, lat string, slowAt map[string]string) []report.Probe {
	var out []report.Probe
	for at := report.Duration(0); at < d(end); at += d("100ms") {
		p := report.Probe{Name: HealthProbe, At: at, Latency: d(lat), OK: true, Status: 200}
		for s, l := range slowAt {
			if d(s) == at {
				p.Latency, p.OK, p.Status, p.Error = d(l), false, 0, "no answer within 1s"
			}
		}
		out = append(out, p)
	}
	return out
}

func uploads(spec ...string) []report.Upload {
	// spec: "start/latency/status"
	var out []report.Upload
	for i, s := range spec {
		f := strings.Split(s, "/")
		u := report.Upload{Index: i, Start: d(f[0]), Latency: d(f[1]), DocID: "d_" + strings.Repeat("0", 11) + string(rune('a'+i))}
		switch f[2] {
		case "201":
			u.Status, u.Accepted = 201, true
		case "503":
			u.Status, u.DocID = 503, ""
		case "0":
			u.Status, u.DocID, u.Error = 0, "", "upload timed out after 30s"
		}
		out = append(out, u)
	}
	return out
}

// evaluate is Evaluate without the skipped entries.
func evaluate(in Input) []report.Assertion {
	as, _ := Evaluate(&in)
	return as
}

func one(t *testing.T, as []report.Assertion, name string) report.Assertion {
	t.Helper()
	for _, a := range as {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no assertion %s in %+v", name, as)
	return report.Assertion{}
}

func TestHealth(t *testing.T) {
	e := Expect{}.With(report.AssertHealthP99, HealthP99Param{Bound: 250 * time.Millisecond, Window: 5 * time.Second}).
		With(report.AssertHealthMax, time.Second).With(report.AssertHealthFailures, 0)
	tests := []struct {
		name       string
		probes     []report.Probe
		assertion  string
		want       report.Verdict
		wantDetail string
	}{
		{"fast is fine", probes("20s", "3ms", nil), report.AssertHealthP99, report.VerdictPass, "health p99 3ms in window"},
		{"stall fails p99 and names the window", probes("20s", "3ms", map[string]string{"12s": "1s", "12.1s": "1s", "12.2s": "1s"}),
			report.AssertHealthP99, report.VerdictFail, "health p99 1s in window 2.2s-13.1s (100 probes), after upload 2"},
		{"one timeout fails max", probes("20s", "3ms", map[string]string{"12s": "1s"}),
			report.AssertHealthMax, report.VerdictFail, "slowest probe at 12s took 1s (no answer within 1s), after upload 3"},
		{"failures counted", probes("20s", "3ms", map[string]string{"12s": "1s", "15s": "1s"}),
			report.AssertHealthFailures, report.VerdictFail, "first failure at 12s (no answer within 1s), after upload 3; last at 15s"},
		{"no probes is an error", nil, report.AssertHealthP99, report.VerdictError, "no health probe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &report.Report{Probes: tt.probes, Uploads: uploads("0s/1s/201", "1s/1s/201", "2s/1s/201", "20s/1s/201")}
			a := one(t, evaluate(Input{R: r, Expect: e}), tt.assertion)
			if a.Verdict != tt.want || !strings.Contains(a.Detail, tt.wantDetail) {
				t.Fatalf("%s: verdict %s detail %q; want %s containing %q", a.Name, a.Verdict, a.Detail, tt.want, tt.wantDetail)
			}
		})
	}
}

func TestUploads(t *testing.T) {
	e := Expect{}.With(report.AssertUploadsAnsweredWithin, 20*time.Second).With(report.AssertUploadsStatus, []int{201, 503})
	tests := []struct {
		name      string
		ups       []report.Upload
		planned   int
		assertion string
		want      report.Verdict
		detail    string
	}{
		{"all answered", uploads("0s/1s/201", "1s/2s/503"), 2, report.AssertUploadsAnsweredWithin, report.VerdictPass, "slowest: upload 2 took 2s (503 after 2s)"},
		{"a hung upload", uploads("0s/1s/201", "1s/30s/0"), 2, report.AssertUploadsAnsweredWithin, report.VerdictFail,
			"1 of 2 uploads not answered in time; upload 2 at 1s: no answer after 30s: upload timed out after 30s"},
		{"not all sent", uploads("0s/1s/201"), 5, report.AssertUploadsAnsweredWithin, report.VerdictFail, "only 1 of 5 uploads were sent"},
		{"status allowed", uploads("0s/1s/201", "1s/1s/503"), 2, report.AssertUploadsStatus, report.VerdictPass, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := one(t, evaluate(Input{R: &report.Report{Uploads: tt.ups}, Expect: e, Planned: tt.planned}), tt.assertion)
			if a.Verdict != tt.want || !strings.Contains(a.Detail, tt.detail) {
				t.Fatalf("verdict %s detail %q; want %s containing %q", a.Verdict, a.Detail, tt.want, tt.detail)
			}
		})
	}
	bad := uploads("0s/1s/201")
	bad[0].Status, bad[0].Error = 500, "INTERNAL: boom"
	a := StatusIn(Input{R: &report.Report{Uploads: bad}}, []int{201})
	if a.Verdict != report.VerdictFail || !strings.Contains(a.Detail, "upload 1 at 0s: 500 after 1s: INTERNAL: boom") || a.Measured != "500×1" {
		t.Fatalf("status: %+v", a)
	}
}

func TestIndexedAllWithin(t *testing.T) {
	mk := func(statuses ...string) *report.Report {
		ups := uploads("0s/1s/201", "1s/1s/201", "2s/1s/503")
		for i, s := range statuses {
			ups[i].DocStatus = s
			if s == "indexed" {
				ups[i].DocPhase, ups[i].IndexedAt = report.PhaseDone, d("5s")
			}
		}
		return &report.Report{Uploads: ups, Start: time.Unix(0, 0), End: time.Unix(30, 0)}
	}
	tests := []struct {
		name   string
		r      *report.Report
		bound  time.Duration
		want   report.Verdict
		detail string
	}{
		{"indexed in time", mk("indexed", "indexed"), 10 * time.Second, report.VerdictPass, "2 accepted documents, the last indexed 2s after"},
		{"too slow", mk("indexed", "indexed"), time.Second, report.VerdictFail, "the last indexed 2s after"},
		{"one stuck", mk("indexed", "indexing"), 10 * time.Second, report.VerdictFail, "1 of 2 accepted documents not indexed by 30s: upload 2 d_00000000000b (indexing)"},
		{"not listed", mk("indexed"), 10 * time.Second, report.VerdictFail, "(not listed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := IndexedAllWithin(Input{R: tt.r, LastAnswered: d("3s")}, tt.bound)
			if a.Verdict != tt.want || !strings.Contains(a.Detail, tt.detail) {
				t.Fatalf("verdict %s detail %q; want %s containing %q", a.Verdict, a.Detail, tt.want, tt.detail)
			}
		})
	}
}

func TestLongestStall(t *testing.T) {
	ps := []Point{{d("0s"), 0, 3}, {d("1s"), 1, 2}, {d("2s"), 1, 2}, {d("6s"), 1, 2}, {d("7s"), 3, 0}, {d("20s"), 3, 0}}
	stall, from, to := longestStall(ps)
	if stall != d("5s") || from != d("1s") || to != d("6s") {
		t.Fatalf("longestStall = %s %s-%s, want 5s 1s-6s", stall, from, to)
	}
	a := ForwardWithin(Input{R: &report.Report{}, Series: ps}, 3*time.Second)
	if a.Verdict != report.VerdictFail {
		t.Fatalf("forward: %+v", a)
	}
}

func TestRecovery(t *testing.T) {
	fault := report.Event{At: d("1s"), End: d("5s"), Fault: true, Kind: report.EventLLMPlan}
	tests := []struct {
		name   string
		events []report.Event
		probes []report.Probe
		series []Point
		want   report.Verdict
		detail string
	}{
		{"recovers", []report.Event{fault}, probes("10s", "2ms", map[string]string{"5s": "1s"}),
			[]Point{{d("5s"), 2, 3}, {d("6s"), 4, 1}, {d("7s"), 5, 0}}, report.VerdictPass, "health ok after 1s, indexing moving after 1s"},
		{"never cleared", []report.Event{{At: d("1s"), Fault: true}}, probes("10s", "2ms", nil), nil, report.VerdictFail, "still in force"},
		{"no fault", nil, probes("10s", "2ms", nil), nil, report.VerdictError, "no fault"},
		{"stuck queue", []report.Event{fault}, probes("10s", "2ms", nil),
			[]Point{{d("5s"), 2, 3}, {d("6s"), 2, 3}, {d("9s"), 2, 3}}, report.VerdictFail, "no progress after the last fault cleared at 5s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := RecoveryWithin(Input{R: &report.Report{Events: tt.events, Probes: tt.probes}, Series: tt.series}, 3*time.Second)
			if a.Verdict != tt.want || !strings.Contains(a.Detail, tt.detail) {
				t.Fatalf("verdict %s detail %q; want %s containing %q", a.Verdict, a.Detail, tt.want, tt.detail)
			}
		})
	}
}

func TestLeaksAndLLMCalls(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want report.Verdict
	}{
		{"clean", Input{Leak: &leak.Finding{Summary: "ok"}}, report.VerdictPass},
		{"leaked", Input{Leak: &leak.Finding{Leaked: true, Summary: "x 1→3"}}, report.VerdictFail},
		{"unreadable", Input{LeakErr: "connection refused"}, report.VerdictFail},
		{"not run", Input{}, report.VerdictError},
	}
	for _, tt := range tests {
		if a := Leaks(tt.in); a.Verdict != tt.want {
			t.Errorf("%s: %+v", tt.name, a)
		}
	}
	r := &report.Report{Uploads: uploads("0s/1s/201", "1s/1s/201")}
	if a := LLMCallsPerDocument(Input{R: r, LLMCalls: 9}, 4); a.Verdict != report.VerdictFail || a.Measured != "4.50" {
		t.Errorf("calls: %+v", a)
	}
	if a := LLMCallsPerDocument(Input{R: r, LLMCalls: 6}, 4); a.Verdict != report.VerdictPass {
		t.Errorf("calls: %+v", a)
	}
}
