package report

import (
	"fmt"
	"time"
)

var fixtureStart = time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)

func sec(f float64) Duration { return Duration(f * float64(time.Second)) }

// failingRun is a seed-316 run against a defective server: the LLM fault
// starts after upload 3, health stalls, uploads hang.
func failingRun() *Report {
	r := &Report{
		FormatVersion: FormatVersion,
		Scenario: ScenarioInfo{Name: "seed-316", Description: "back-to-back uploads while the LLM closes mid-body",
			File: "scenarios/seed-316.yaml", Duration: sec(50), Source: "name: seed-316\nseed: 316\n"},
		Seed:     316,
		Versions: map[string]string{"hangar": "v0.1.0", "go": "go1.26.0"},
		Target:   TargetInfo{Launch: "subprocess", URL: "http://127.0.0.1:8000", Defects: []string{"no-llm-deadline", "health-behind-limiter"}, LLMURL: "http://127.0.0.1:8585"},
		Start:    fixtureStart,
		End:      fixtureStart.Add(30 * time.Second),
		Verdict:  VerdictFail,
		Events: []Event{
			{At: 0, Kind: EventPhase, Name: "load started", Step: -1},
			{At: sec(4.2), End: sec(20), Kind: EventLLMPlan, Name: "plan: close mid-body, hang", Detail: "2 rules", Fault: true, Step: 0},
			{At: sec(20), Kind: EventLLMPlan, Name: "plan: cleared", Step: 1},
			{At: sec(25), End: sec(26), Kind: EventServer, Name: "pause <script>", Fault: true, Step: 2},
		},
	}
	for i := range 12 {
		u := Upload{Index: i, Start: sec(float64(i) * 1.5), Latency: sec(0.4), Status: 201, Accepted: true, DocID: fmt.Sprintf("d_%012x", i), Title: fmt.Sprintf("Doc %d", i+1), Bytes: 81920}
		switch {
		case i >= 3 && i < 6:
			u.Latency, u.Status, u.Accepted, u.DocID, u.Error = sec(20), 0, false, "", "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
		case i == 6:
			u.Status, u.Accepted, u.DocID, u.Error = 504, false, "", "upstream timeout"
		case i == 7:
			u.Status, u.Accepted, u.DocID = 429, false, ""
		default:
			u.DocStatus, u.DocPhase, u.IndexedAt = "indexed", PhaseDone, u.Start+sec(1.1)
		}
		r.Uploads = append(r.Uploads, u)
	}
	for i := range 60 {
		at := sec(float64(i) * 0.5)
		p := Probe{Name: "health", At: at, Latency: Duration(time.Duration(2+i%5) * time.Millisecond), OK: true, Status: 200}
		if i >= 10 && i < 16 {
			p.Latency, p.OK, p.Status, p.Error = sec(1), false, 0, "timeout after 1s"
		}
		r.Probes = append(r.Probes, p)
	}
	for i := range 30 {
		at := sec(float64(i))
		r.Samples = append(r.Samples,
			Sample{At: at, Target: "server", Name: MetricQueueDepth, Labels: map[string]string{"status": "pending"}, Value: float64(min(i, 8) % 5)},
			Sample{At: at, Target: "server", Name: MetricQueueDepth, Labels: map[string]string{"status": "processing"}, Value: float64(i % 2)},
			Sample{At: at, Target: "fakellm", Name: MetricFakeLLMRequests, Labels: map[string]string{"endpoint": "chat", "outcome": "ok"}, Value: float64(i)},
			Sample{At: at, Target: "fakellm", Name: "go_goroutines", Value: 12},
		)
	}
	r.Assertions = []Assertion{
		{Name: AssertHealthP99, Description: "/health p99 over every 5s window", Measured: "1s", Value: 1, Threshold: "<= 250ms", Limit: 0.25,
			Verdict: VerdictFail, Detail: "health p99 1s in window 5s-10s, after upload 3", WindowStart: sec(5), WindowEnd: sec(10)},
		{Name: AssertHealthMax, Description: "every /health probe", Measured: "1s", Value: 1, Threshold: "<= 1s", Limit: 1, Verdict: VerdictPass},
		{Name: AssertUploadsAnsweredWithin, Description: "every upload answered within 20s", Measured: "3 of 12 unanswered", Value: 3,
			Threshold: "0 unanswered", Verdict: VerdictFail, Detail: "uploads 3, 4, 5 not answered within 20s (first sent at 4.5s)"},
		{Name: AssertLeaksGoroutines, Description: "no goroutine left behind", Measured: "0 leaked", Threshold: "0", Verdict: VerdictPass},
	}
	r.Leaks = []LeakDump{{Target: "server", Kind: "goroutine-diff", Summary: "+3 in net/http.(*persistConn).readLoop", Stacks: "goroutine 1 [IO wait]:\n<&>"}}
	return r
}

// passingRun is a small clean run with no samples and no faults.
func passingRun() *Report {
	r := &Report{
		FormatVersion: FormatVersion,
		Scenario:      ScenarioInfo{Name: "pause-resume", Duration: sec(40)},
		Seed:          7007,
		Target:        TargetInfo{Launch: "inprocess"},
		Start:         fixtureStart,
		End:           fixtureStart.Add(8 * time.Second),
		Verdict:       VerdictPass,
		Events:        []Event{},
		Uploads:       []Upload{{Index: 0, Start: sec(0.1), Latency: sec(0.05), Status: 201, Accepted: true, DocID: "d_000000000001", DocStatus: "indexed", DocPhase: PhaseDone, IndexedAt: sec(0.4)}},
		Probes:        []Probe{{Name: "health", At: sec(0.1), Latency: sec(0.001), OK: true, Status: 200}},
		Assertions:    []Assertion{{Name: AssertIndexedAllWithin, Description: "all indexed", Measured: "0.3s", Value: 0.3, Threshold: "<= 15s", Limit: 15, Verdict: VerdictPass}},
	}
	return r
}

// inconclusiveRun is passingRun with a health.p99 that every window's
// starved harness left inconclusive.
func inconclusiveRun() *Report {
	r := passingRun()
	r.Scenario.Name = "pause-resume-starved"
	r.Verdict = VerdictInconclusive
	r.Assertions = append(r.Assertions, Assertion{Name: AssertHealthP99, Description: "health probe p99 latency in every 5s window",
		Measured: "1s", Value: 1, Threshold: "<= 250ms", Limit: 0.25, Verdict: VerdictInconclusive, WindowStart: 0, WindowEnd: sec(8),
		Detail: "health p99 1s in window 0s-8s (80 probes), before the first upload; every window had the harness starved " +
			"(its probe loop sent a probe up to 300ms late), so the run cannot tell a slow target from a starved harness"})
	return r
}

// diagnosedRun is failingRun with a diagnosis.
func diagnosedRun() *Report {
	r := failingRun()
	r.Scenario.Name = "seed-316-diagnosed"
	r.Diagnosis = &Diagnosis{At: sec(24.5), Files: []string{"goroutines-1.txt", "goroutines-2.txt"},
		Missing: []string{"goroutine leak profile: GET /debug/pprof/goroutineleak?debug=1: status 404"},
		Findings: []Finding{
			{Class: "unbounded-request-latency", Confidence: 0.9,
				Sentence: "uploads 3–5 have waited up to 20s while 3 chat calls have hung for up to 19.8s (hang_after_headers)",
				Evidence: []string{"uploads 3–5 unanswered, the oldest for 20s", "journal: 3 chat calls in flight <&>"}},
			{Class: "liveness-behind-work", Confidence: 0.4, Sentence: "6 health probes failed between 5s and 7.5s while 3 uploads were stuck"},
		}}
	return r
}
