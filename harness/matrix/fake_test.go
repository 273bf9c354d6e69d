package matrix

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// fake is a Runner whose verdicts are a function of the cell: catches
// lists the defect cells that fail, flaky the correct-server cells that
// fail their first attempt, broken those that always fail; starved maps a
// cell to how many of its first attempts are inconclusive (-1: all). It
// counts the attempts per cell and the determinism checks.
type fake struct {
	catches, flaky, broken map[string]bool
	starved                map[string]int
	mu                     sync.Mutex // guards the counts
	attempts               map[string]int
	determinism            int
}

func newFake() *fake {
	return &fake{
		catches: set("a/d1", "b/d2", "c/d2", "d/d1"),
		flaky:   set("b/correct"),
		broken:  map[string]bool{},
	}
}

func set(ids ...string) map[string]bool {
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out
}

func (f *fake) Cell(_ context.Context, _ Config, s *scenario.Scenario, defect, dir string) Cell {
	id := CellID{s.Name, defect}.String()
	f.mu.Lock()
	if f.attempts == nil {
		f.attempts = map[string]int{}
	}
	f.attempts[id]++
	n := f.attempts[id]
	f.mu.Unlock()
	c := Cell{Scenario: s.Name, Defect: defect, Dir: dir, Verdict: report.VerdictPass, Elapsed: time.Duration(n) * time.Millisecond}
	switch k := f.starved[id]; {
	case k < 0 || n <= k:
		c.Verdict = report.VerdictInconclusive
		c.Failed = []string{fmt.Sprintf("health.p99 (inconclusive): every window had the harness starved, %s attempt %d", id, n)}
	case f.catches[id] || f.broken[id] || (f.flaky[id] && n == 1):
		c.Verdict = report.VerdictFail
		c.Failed = []string{fmt.Sprintf("uploads.answered_within (fail): %s attempt %d", id, n)}
	}
	return c
}

func (f *fake) Determinism(_ context.Context, _ Config, s *scenario.Scenario) (*Determinism, error) {
	f.mu.Lock()
	f.determinism++
	f.mu.Unlock()
	d := &Determinism{Scenario: s.Name, Seed: s.Seed}
	compare(d, map[key]string{{0, "chat", 1}: "cut"}, map[key]string{{0, "chat", 1}: "cut"})
	return d, nil
}

// fakeConfig is a matrix of 4 scenarios × (correct + 3 defects) = 16
// cells, with the determinism check on b.
func fakeConfig(f *fake, defects ...string) Config {
	var ss []*scenario.Scenario
	for i, n := range []string{"d", "a", "c", "b"} { // not sorted: order must not matter
		ss = append(ss, &scenario.Scenario{Name: n, Seed: int64(i + 1), Duration: time.Duration(i) * time.Second})
	}
	if len(defects) == 0 {
		defects = []string{"d3", "d1", "d2"}
	}
	return Config{Scenarios: ss, Defects: defects, OutDir: "out/chaos", Parallel: 2, Determinism: "b", Retries: 1, Runner: f}
}
