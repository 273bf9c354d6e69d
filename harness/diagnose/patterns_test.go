package diagnose

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

var update = flag.Bool("update", false, "rerun testdata/patterns/*/main.go and rewrite their goroutine dumps")

// patternGap is the gap the pattern programs leave between their dumps.
const patternGap = 300 * time.Millisecond

// loadDumps reads dir's goroutines-1.txt and goroutines-2.txt.
func loadDumps(t *testing.T, dir string) (*Dump, *Dump) {
	t.Helper()
	var ds [2]*Dump
	for i, name := range []string{DumpFile1, DumpFile2} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%v (run go test -update to record it)", err)
		}
		d, err := ParseDump(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		ds[i] = d
	}
	return ds[0], ds[1]
}

// regenerate reruns a pattern program into its directory.
func regenerate(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "run", "./"+dir, "-out", dir, "-gap", patternGap.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run %s: %v\n%s", dir, err, out)
	}
}

// evidenceFrom builds evidence from two dumps plus the non-goroutine
// evidence a case supplies.
func evidenceFrom(first, second *Dump, gap time.Duration, extra func(*Evidence)) *Evidence {
	e := &Evidence{At: 20 * time.Second, Gap: gap, Stuck: DefaultStuck, Leaked: -1}
	e.setDumps(first, second, gap)
	if extra != nil {
		extra(e)
	}
	return e
}

func sec(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// patternCases pair each pattern program with what the harness would
// have seen of it besides the goroutines.
var patternCases = []struct {
	class string
	extra func(*Evidence)
}{
	{class: ClassSlotAcrossRetries, extra: func(e *Evidence) {
		e.LLM = []LLMRequest{{Seq: 1, Endpoint: "chat", Status: 429, Retry: 0, Duration: sec(0.01)}, {Seq: 2, Endpoint: "chat", Status: 429, Retry: 1}}
	}},
	{class: ClassNoDeadlineUnderLock, extra: func(e *Evidence) {
		e.LLM = []LLMRequest{{Seq: 1, Endpoint: "embeddings", Start: sec(2), Duration: sec(18), InFlight: true, Action: "hang", Retry: -1}}
	}},
	{class: ClassBatchBarrier, extra: func(e *Evidence) {
		e.Samples = []Sample{{At: sec(19), Source: "server", Metric: "app_queue_depth", Labels: map[string]string{"status": "pending"}, Value: 12}}
	}},
	{class: ClassUnboundedLatency, extra: func(e *Evidence) {
		e.Uploads = []Upload{{Index: 3, Start: sec(4), Latency: sec(16), Open: true}, {Index: 4, Start: sec(4.5), Latency: sec(15.5), Open: true}}
		e.LLM = []LLMRequest{{Seq: 4, Endpoint: "chat", Start: sec(4.1), Duration: sec(15.9), InFlight: true, Action: "hang_after_headers", Retry: -1}}
	}},
	{class: ClassLivenessBehindWork, extra: func(e *Evidence) {
		e.Uploads = []Upload{{Index: 0, Start: sec(1), Latency: sec(19), Open: true}, {Index: 1, Start: sec(1.2), Latency: sec(18.8), Open: true}}
		e.Probes = []Probe{{At: sec(0.5), Latency: sec(0.002), OK: true}, {At: sec(3), Latency: sec(1)}, {At: sec(4), Latency: sec(1)}}
	}},
	{class: ClassSharedPool, extra: func(e *Evidence) {
		e.Uploads = []Upload{{Index: 0, Start: sec(2), Latency: sec(1), Status: 503}}
		e.LLM = []LLMRequest{{Seq: 1, Endpoint: "embeddings", Start: sec(1), Duration: sec(19), InFlight: true, Action: "hang", Retry: -1}}
	}},
	{class: ClassOrphanedClaims, extra: func(e *Evidence) {
		e.Uploads = []Upload{{Index: 2, Start: sec(1), Latency: sec(0.3), Status: 201, DocStatus: "indexing"},
			{Index: 3, Start: sec(1.5), Latency: sec(0.3), Status: 201, DocStatus: "indexing"}, {Index: 7, Start: sec(9), Latency: sec(0.3), Status: 201, DocStatus: "indexed"}}
		e.Restarts = []time.Duration{sec(6)}
		e.Interruptions = []Window{{Start: sec(5), End: sec(6)}}
	}},
}

// TestPatternPrograms: every rule names its own class first on the dumps
// of a small separate program with the same pattern (no hangar code).
func TestPatternPrograms(t *testing.T) {
	for _, tc := range patternCases {
		t.Run(tc.class, func(t *testing.T) {
			dir := filepath.Join("testdata", "patterns", tc.class)
			if *update {
				regenerate(t, dir)
			}
			first, second := loadDumps(t, dir)
			d := Diagnose(evidenceFrom(first, second, patternGap, tc.extra))
			checkTop(t, d, tc.class)
		})
	}
}

func checkTop(t *testing.T, d *report.Diagnosis, want string) {
	t.Helper()
	top, ok := d.Top()
	if !ok || top.Class != want || top.Confidence < 0.5 {
		t.Fatalf("top finding %+v, want %s with confidence >= 0.5; all: %s", top, want, lines(d))
	}
	t.Logf("%s", lines(d))
}

func lines(d *report.Diagnosis) string {
	s := ""
	for _, f := range d.Findings {
		s += "\n  " + f.Line()
		for _, ev := range f.Evidence {
			s += "\n      " + ev
		}
	}
	return s
}

// TestOrphanedClaimsReadsEveryDump: documents left claimed while a lock
// holder waits in an outbound call in only one of the two dumps are not
// "claims nobody works on": the rule reads both dumps whichever one it is
// shown, so it does not contradict no-deadline-under-lock's holder.
func TestOrphanedClaimsReadsEveryDump(t *testing.T) {
	busy1, busy2 := loadDumps(t, "testdata/patterns/no-deadline-under-lock")
	idle1, idle2 := loadDumps(t, "testdata/patterns/orphaned-claims")
	claimed := func(e *Evidence) {
		e.Uploads = []Upload{{Index: 0, Start: sec(1), Latency: sec(0.3), Status: 201, DocStatus: "indexing"},
			{Index: 1, Start: sec(1.5), Latency: sec(0.3), Status: 201, DocStatus: "indexing"}}
	}
	for _, tc := range []struct {
		name          string
		first, second *Dump
	}{
		{"call in the first dump only", busy1, idle2},
		{"call in the last dump only", idle1, busy2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Diagnose(evidenceFrom(tc.first, tc.second, patternGap, claimed))
			for _, f := range d.Findings {
				if f.Class == ClassOrphanedClaims {
					t.Fatalf("orphaned-claims found with a goroutine in an outbound call in one dump: %s", lines(d))
				}
			}
			checkTop(t, d, ClassNoDeadlineUnderLock)
		})
	}
	// The same claims with both dumps idle are orphaned.
	d := Diagnose(evidenceFrom(idle1, idle2, patternGap, claimed))
	checkTop(t, d, ClassOrphanedClaims)
}
