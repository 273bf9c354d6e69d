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

// expectedCatches is, per shipped scenario, the defects it catches: the
// real-time matrix (`hangar chaos`, out/defect-matrix.md) as summarised in
// README.md's failure-class table and each scenario's "Catches:" comment.
// Every other defect must pass the scenario. A scenario missing here (one
// that cannot run in virtual time) is skipped with its reason.
var expectedCatches = map[string][]string{
	"crash-restart":      {server.DefectNoLeaseExpiry},
	"embeddings-down":    {server.DefectBatchBarrier, server.DefectSharedLLMPool, server.DefectStoreLockAcrossCall},
	"llm-blackhole":      {server.DefectHealthBehindLimiter, server.DefectNoLLMDeadline, server.DefectSemAcrossRetries},
	"llm-close-mid-body": {},
	"rate-limit-storm":   {server.DefectHealthBehindLimiter, server.DefectSemAcrossRetries},
	"seed-316":           {server.DefectHealthBehindLimiter, server.DefectNoLLMDeadline, server.DefectSemAcrossRetries, server.DefectSharedLLMPool},
	"soak-200":           {},
	"stream-truncation":  {server.DefectNoLLMDeadline, server.DefectSemAcrossRetries},
}

// TestVirtualMatrix runs every shipped scenario against the correct server
// and each defect alone, like `hangar chaos`, but in virtual time: the
// fake LLM, the in-process server and the harness share one synctest
// bubble over an in-memory network, so fault windows and timeouts cost no
// wall time. The correct server must pass; a defect run (fail-fast, as in
// the matrix) must be caught exactly by the scenarios expectedCatches
// names. HANGAR_VIRTUAL_SCENARIOS (comma-separated) narrows the set;
// HANGAR_VIRTUAL_OUT keeps the run directories there.
func TestVirtualMatrix(t *testing.T) {
	start := time.Now()
	var mu sync.Mutex
	var rows []string
	t.Cleanup(func() {
		t.Logf("virtual matrix:\n%s\nwall time %s", strings.Join(rows, "\n"), time.Since(start).Round(time.Millisecond))
	})
	only := os.Getenv("HANGAR_VIRTUAL_SCENARIOS")
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
			catches, ok := expectedCatches[name]
			if !ok {
				t.Fatalf("scenario %s runs in virtual time but has no row in expectedCatches", name)
			}
			for _, v := range append([]string{correct}, server.DefectNames()...) {
				t.Run(v, func(t *testing.T) {
					verdict, first := runVirtual(t, s, v)
					mu.Lock()
					rows = append(rows, fmt.Sprintf("%-20s %-24s %-5s %s", name, v, verdict, first))
					mu.Unlock()
					want := report.VerdictPass
					if slices.Contains(catches, v) {
						want = report.VerdictFail
					}
					if verdict != want {
						t.Errorf("%s with %s: verdict %s, want %s (%s)", name, v, verdict, want, first)
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
