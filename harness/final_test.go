package harness

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/harness/report"
)

// earlyStopScenario has every stated entry final once the uploads are
// indexed, and a timed step (clearing an empty plan, affecting nothing)
// far later than that.
const earlyStopScenario = `
name: early-stop
seed: 3
duration: 60s
target:
  server: {launch: inprocess}
load:
  uploads: {count: 3, size: 2KiB, concurrency: 2, timeout: 20s}
probes:
  health: {interval: 50ms, timeout: 1s}
  metrics: {interval: 100ms}
timeline:
  - {at: 6s, llm_plan: {rules: []}}
expect:
  health: {max: 2s, failures: 0}
  uploads: {answered_within: 20s, status: [201]}
  progress: {indexed_all_within: 20s, forward_within: 10s}
  llm_calls_per_document: {max: 4}
  leaks: {goroutines: true}
`

func runEarlyStop(t *testing.T, noEarlyStop bool) *report.Report {
	t.Helper()
	r, err := newRun(Options{Scenario: parse(t, earlyStopScenario), OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	r.noEarlyStop = noEarlyStop
	rep, err := r.execute(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return rep
}

// stepFired reports whether timeline step i was applied.
func stepFired(rep *report.Report, i int) bool {
	for _, e := range rep.Events {
		if e.Step == i {
			return true
		}
	}
	return false
}

// TestRunStopsEarlyWhenFinal: once every stated entry is final the run
// stops waiting for the late step, says so, and reaches the same verdicts
// as the run that waits it out.
func TestRunStopsEarlyWhenFinal(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run")
	}
	full := runEarlyStop(t, true)
	early := runEarlyStop(t, false)
	if !stepFired(full, 0) || hasEvent(full, "verdict final") {
		t.Fatalf("the full run must wait for the step and not stop early: %+v", full.Events)
	}
	if stepFired(early, 0) {
		t.Errorf("the early run waited for the step at 6s: %+v", early.Events)
	}
	var ev *report.Event
	for i, e := range early.Events {
		if e.Name == "verdict final" {
			ev = &early.Events[i]
		}
	}
	if ev == nil || !strings.Contains(ev.Detail, "stopping early (duration 1m0s)") || !strings.HasPrefix(ev.Detail, "verdict final at ") {
		t.Fatalf("no early-stop event: %+v", early.Events)
	}
	if hasEvent(early, "hard stop") {
		t.Error("an early stop is not a hard stop")
	}
	got, want := verdicts(early), verdicts(full)
	if !maps.Equal(got, want) || len(got) != 8 || early.Outcome() != report.VerdictPass {
		t.Errorf("early verdicts %v (outcome %s), full run %v", got, early.Outcome(), want)
	}
}
