package diagnose

import (
	"path/filepath"
	"testing"
	"time"
)

// serverGap is the gap left between the recorded server dumps.
const serverGap = 3 * time.Second

// TestServerDumps runs the rules on goroutine dumps recorded from the
// reference server with one defect switched on (testdata/server/<defect>,
// recorded with `hangar run SCENARIO --defects D` and two GETs of
// /debug/pprof/goroutine?debug=2 three seconds apart while it hung). The
// rules never see the defect name: only the dumps and what the harness saw.
func TestServerDumps(t *testing.T) {
	tests := []struct {
		defect string
		want   string
		extra  func(*Evidence)
	}{
		{defect: "sem-across-retries", want: ClassSlotAcrossRetries, extra: func(e *Evidence) {
			e.LLM = []LLMRequest{{Seq: 1, Endpoint: "chat", Status: 429, Retry: 0}, {Seq: 2, Endpoint: "chat", Status: 429, Retry: 1}}
		}},
		{defect: "store-lock-across-call", want: ClassNoDeadlineUnderLock, extra: func(e *Evidence) {
			e.LLM = []LLMRequest{{Seq: 3, Endpoint: "embeddings", Start: sec(1), Duration: sec(9), InFlight: true, Action: "hang", Retry: -1}}
		}},
		{defect: "batch-barrier", want: ClassBatchBarrier},
		{defect: "no-llm-deadline", want: ClassUnboundedLatency, extra: func(e *Evidence) {
			e.Uploads = []Upload{{Index: 0, Start: sec(0.3), Latency: sec(9), Open: true}, {Index: 1, Start: sec(0.7), Latency: sec(8.6), Open: true}}
			e.LLM = []LLMRequest{{Seq: 1, Endpoint: "chat", Start: sec(0.4), Duration: sec(8.9), InFlight: true, Action: "hang", Retry: -1}}
		}},
		// Recorded from seed-316: the LLM sent its headers (a chunked
		// body) and then nothing, so the uploads wait in the body read,
		// under net/http/internal's chunked reader, not for headers. No
		// journal here: the reading goroutines alone must name the class.
		{defect: "no-llm-deadline-body", want: ClassUnboundedLatency, extra: func(e *Evidence) {
			e.Uploads = []Upload{{Index: 5, Start: sec(0.65), Latency: sec(20), Open: true}, {Index: 7, Start: sec(0.85), Latency: sec(20), Open: true}}
		}},
		// Recorded from container-pause-llm (the fake LLM container
		// frozen): four uploads wait in an HTTP read in the first dump and
		// are gone by the second (their clients gave up, the LLM thawed),
		// and the frozen fake LLM left no journal. The uploads open 7s at
		// the capture say how long those reads had waited.
		{defect: "no-llm-deadline-one-dump", want: ClassUnboundedLatency, extra: func(e *Evidence) {
			for i := range 4 {
				e.Uploads = append(e.Uploads, Upload{Index: 2 + i, Start: e.At - sec(7) + sec(0.2*float64(i)), Latency: sec(10), Open: true})
			}
		}},
		{defect: "health-behind-limiter", want: ClassLivenessBehindWork, extra: func(e *Evidence) {
			e.Uploads = []Upload{{Index: 0, Start: sec(0.3), Latency: sec(2.1), Status: 503}, {Index: 5, Start: sec(2.3), Latency: sec(7), Open: true}}
			e.Probes = []Probe{{At: sec(0.1), Latency: sec(0.002), OK: true}, {At: sec(3), Latency: sec(1)}, {At: sec(4), Latency: sec(1)}}
		}},
		// Recorded from rate-limit-storm: /health waits at the upload limiter
		// whose holders sleep out 429 Retry-Afters, so the slot contention is
		// there too; the waiter is the health check, not work, and the
		// class is liveness-behind-work, not slot-across-retries.
		{defect: "health-behind-limiter-429", want: ClassLivenessBehindWork, extra: func(e *Evidence) {
			for i := range 8 {
				e.Uploads = append(e.Uploads, Upload{Index: i, Start: sec(0.3), Latency: sec(3), Open: true})
			}
			e.Probes = []Probe{{At: sec(0.1), Latency: sec(0.002), OK: true}, {At: sec(0.4), Latency: sec(1)}, {At: sec(1.4), Latency: sec(1)}, {At: sec(2.4), Latency: sec(1)}}
			e.LLM = []LLMRequest{{Seq: 1, Endpoint: "chat", Status: 429, Retry: 0}, {Seq: 2, Endpoint: "chat", Status: 429, Retry: 1}}
		}},
		{defect: "shared-llm-pool", want: ClassSharedPool, extra: func(e *Evidence) {
			e.Uploads = []Upload{{Index: 2, Start: sec(1), Latency: sec(1), Status: 503}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.defect, func(t *testing.T) {
			first, second := loadDumps(t, filepath.Join("testdata", "server", tt.defect))
			d := Diagnose(evidenceFrom(first, second, serverGap, tt.extra))
			checkTop(t, d, tt.want)
		})
	}
}
