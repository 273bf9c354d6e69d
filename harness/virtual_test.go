package harness_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/harness"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
	"github.com/hangarhq/hangar/internal/memnet"
	"github.com/hangarhq/hangar/scenarios"
	"github.com/hangarhq/hangar/server"
)

// correct is the variant without a defect.
const correct = "correct"

// mustCatch is, per shipped scenario, the defects it must catch: README.md's
// failure-class table ("caught by (shipped scenario)"), the summary of the
// real-time matrix (`hangar chaos`, out/defect-matrix.md). The other
// defect cells are not asserted (the real matrix is their authority and
// some scenarios catch more than the summary names); they are logged. A
// shipped scenario that runs in virtual time must have a row.
var mustCatch = map[string][]string{
	"container-kill-restart": {server.DefectNoLeaseExpiry},
	"crash-restart":          {server.DefectNoLeaseExpiry},
	"embeddings-down":        {server.DefectBatchBarrier, server.DefectSharedLLMPool, server.DefectStoreLockAcrossCall},
	"embeddings-slow":        {server.DefectBatchBarrier, server.DefectSharedLLMPool, server.DefectStoreLockAcrossCall},
	"llm-blackhole":          {server.DefectHealthBehindLimiter, server.DefectNoLLMDeadline},
	"llm-loading":            {server.DefectSemAcrossRetries},
	"llm-close-mid-body":     {},
	"rate-limit-storm":       {server.DefectSemAcrossRetries},
	"seed-316":               {server.DefectHealthBehindLimiter, server.DefectNoLLMDeadline},
	"soak-200":               {},
	"store-queue-full":       {server.DefectNoLeaseExpiry},
	"stream-truncation":      {},
}

// TestVirtualMatrix runs every shipped scenario against the correct server
// and each defect alone, like `hangar chaos`, but in virtual time: the
// fake LLM, the in-process server and the harness share one synctest
// bubble over an in-memory network, so fault windows and timeouts cost no
// wall time. The correct server must pass every scenario; a defect run
// (fail-fast, as in the matrix) must be caught by the scenarios mustCatch
// names, and every defect by at least one scenario, as `hangar chaos`
// demands. HANGAR_VIRTUAL_SCENARIOS (comma-separated) narrows the set;
// HANGAR_VIRTUAL_OUT keeps the run directories there. By default (make
// test) the correct server runs every scenario but soak-200 and the
// defects run their must-catch cells (about 75s under -race on two busy
// cores); HANGAR_VIRTUAL_FULL=1 runs every cell (several
// minutes under -race on two cores) and logs the whole matrix.
func TestVirtualMatrix(t *testing.T) {
	start := time.Now()
	only := os.Getenv("HANGAR_VIRTUAL_SCENARIOS")
	full := os.Getenv("HANGAR_VIRTUAL_FULL") == "1"
	var mu sync.Mutex
	var rows []string
	caught := map[string][]string{}
	t.Cleanup(func() {
		if only != "" {
			return
		}
		for _, d := range server.DefectNames() {
			if len(caught[d]) == 0 {
				t.Errorf("defect %s escaped every scenario", d)
			}
		}
	})
	t.Cleanup(func() {
		t.Logf("virtual matrix:\n%s\nwall time %s", strings.Join(rows, "\n"), time.Since(start).Round(time.Millisecond))
	})
	for _, name := range scenarios.Names() {
		if only != "" && !slices.Contains(strings.Split(only, ","), name) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			s, err := scenarios.Lookup(name)
			if err != nil {
				t.Fatal(err)
			}
			if why := harness.VirtualSkip(s); why != "" {
				t.Skip("not possible in virtual time: " + why)
			}
			if name == "soak-200" && !full {
				t.Skip("a soak (about 45s of CPU under -race): HANGAR_VIRTUAL_FULL=1 runs it")
			}
			catches, ok := mustCatch[name]
			if !ok {
				t.Fatalf("scenario %s runs in virtual time but has no row in mustCatch", name)
			}
			for _, v := range append([]string{correct}, server.DefectNames()...) {
				t.Run(v, func(t *testing.T) {
					if !full && v != correct && !slices.Contains(catches, v) {
						t.Skip("not a must-catch cell (HANGAR_VIRTUAL_FULL=1 runs every cell)")
					}
					verdict, first := runVirtual(t, s, v)
					mu.Lock()
					rows = append(rows, fmt.Sprintf("%-20s %-24s %-5s %s", name, v, verdict, first))
					mu.Unlock()
					if verdict == report.VerdictFail && v != correct {
						mu.Lock()
						caught[v] = append(caught[v], name)
						mu.Unlock()
					}
					switch {
					case v == correct && verdict != report.VerdictPass:
						t.Errorf("correct server on %s: verdict %s, want pass (%s)", name, verdict, first)
					case slices.Contains(catches, v) && verdict != report.VerdictFail:
						t.Errorf("%s did not catch %s: verdict %s, want fail", name, v, verdict)
					case verdict == report.VerdictError:
						t.Errorf("%s with %s: harness error", name, v)
					}
				})
			}
		})
	}
}

// runVirtual runs s with variant v in a synctest bubble and returns the
// verdict and the first failed assertion.
func runVirtual(t *testing.T, s *scenario.Scenario, v string) (report.Verdict, string) {
	var rep *report.Report
	dir := t.TempDir()
	if keep := os.Getenv("HANGAR_VIRTUAL_OUT"); keep != "" { // keep the reports
		dir = filepath.Join(keep, s.Name, v)
	}
	synctest.Test(t, func(t *testing.T) {
		o := harness.Options{Scenario: s, OutDir: dir, Defects: []string{}, FailFast: v != correct, Network: memnet.New()}
		if v != correct {
			o.Defects = []string{v}
		}
		var err error
		if rep, err = harness.Run(t.Context(), o); err != nil {
			t.Fatalf("run: %v", err)
		}
	})
	first := ""
	for _, a := range rep.Assertions {
		if a.Verdict == report.VerdictFail {
			first = a.Name + ": " + a.Detail
			break
		}
	}
	return rep.Verdict, first
}
