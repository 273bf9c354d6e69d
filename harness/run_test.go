package harness

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

func parse(t *testing.T, yaml string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Parse(filepath.Join(t.TempDir(), "test.yaml"), []byte(yaml))
	if err != nil {
		t.Fatalf("scenario: %v", err)
	}
	return s
}

func verdicts(rep *report.Report) map[string]report.Verdict {
	m := map[string]report.Verdict{}
	for _, a := range rep.Assertions {
		m[a.Name] = a.Verdict
	}
	return m
}

// TestRunInprocess runs the whole pipeline in process: fakellm, the real
// server, uploads, a fault after the first upload, drain, goleak check.
func TestRunInprocess(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run")
	}
	s := parse(t, `
name: e2e-inprocess
seed: 7
duration: 40s
target:
  server: {launch: inprocess}
load:
  uploads: {count: 4, size: 2KiB, concurrency: 2, timeout: 20s}
probes:
  health: {interval: 50ms, timeout: 1s}
  metrics: {interval: 200ms}
timeline:
  - after_uploads: 1
    llm_plan:
      rules:
        - {name: cut-first, match: {endpoint: chat, nth: 1}, action: {kind: close_before_response}}
expect:
  health: {max: 1s, failures: 0}
  uploads: {answered_within: 20s, status: [201, 502, 503]}
  progress: {indexed_all_within: 20s}
  leaks: {goroutines: true}
  resources: {heap_growth: 256MiB, goroutine_growth: 50}
`)
	for _, remote := range []bool{false, true} {
		t.Run(map[bool]string{false: "fakellm in process", true: "fakellm remote"}[remote], func(t *testing.T) {
			o := Options{Scenario: s, OutDir: t.TempDir()}
			if remote {
				o.LLMURL = fakellmtest.NewServer(t, fakellm.Config{Seed: 7}).URL()
			}
			checkInprocessRun(t, o)
		})
	}
}

func checkInprocessRun(t *testing.T, o Options) {
	out := o.OutDir
	rep, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if rep.Outcome() != report.VerdictPass {
		var b strings.Builder
		_ = report.WriteSummary(&b, rep)
		t.Fatalf("want pass against the correct server:\n%s", b.String())
	}
	if len(rep.Uploads) != 4 || len(rep.Probes) == 0 || len(rep.Samples) == 0 {
		t.Fatalf("record: %d uploads, %d probes, %d samples", len(rep.Uploads), len(rep.Probes), len(rep.Samples))
	}
	for _, f := range []string{report.JSONFile, report.JUnitFile, report.HTMLFile, JournalFile} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	if !hasEvent(rep, "plan: cut-first") {
		t.Errorf("the after_uploads step left no event: %+v", rep.Events)
	}
	for _, name := range []string{"resources before load", "resources after drain"} {
		if !hasEvent(rep, name) {
			t.Errorf("no %q snapshot event: %+v", name, rep.Events)
		}
	}
	for _, name := range []string{report.AssertResourcesHeap, report.AssertResourcesGoroutines} {
		if verdicts(rep)[name] != report.VerdictPass {
			t.Errorf("%s not evaluated or not passed: %v", name, verdicts(rep))
		}
	}
}

func hasEvent(rep *report.Report, name string) bool {
	for _, e := range rep.Events {
		if e.Name == name {
			return true
		}
	}
	return false
}

// TestRunTargetStopsAnswering: an external target that answers its
// readiness probe and then hangs every request ends the run at its duration
// with failed assertions saying so, not a stuck run nor a harness error.
func TestRunTargetStopsAnswering(t *testing.T) {
	var hang atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !hang.Swap(true) {
			return // the first request (readiness) gets 200
		}
		<-r.Context().Done()
	}))
	defer srv.Close()
	s := parse(t, `
name: hung-target
seed: 1
duration: 2s
target:
  server: {launch: external}
load:
  uploads: {count: 3, timeout: 30s}
probes:
  health: {interval: 50ms, timeout: 200ms}
expect:
  health: {max: 500ms, failures: 0}
  uploads: {answered_within: 1s}
`)
	rep, err := Run(context.Background(), Options{Scenario: s, OutDir: t.TempDir(), TargetURL: srv.URL})
	if err != nil {
		t.Fatalf("a hung target is not a harness error: %v", err)
	}
	v := verdicts(rep)
	if rep.Outcome() != report.VerdictFail || v[report.AssertHealthFailures] != report.VerdictFail || v[report.AssertUploadsAnsweredWithin] != report.VerdictFail {
		t.Fatalf("verdicts %v, outcome %s", v, rep.Outcome())
	}
	if !hasEvent(rep, "hard stop") {
		t.Errorf("no hard stop event: %+v", rep.Events)
	}
	for _, a := range rep.Assertions {
		if a.Name == report.AssertUploadsAnsweredWithin && !strings.Contains(a.Detail, "no answer after") {
			t.Errorf("detail %q does not say the upload got no answer", a.Detail)
		}
	}
}

// TestRunRefusesImpossibleActions: --target-url switches to external,
// whose Caps have no actions; the scenario's own launcher was validated.
func TestRunRefusesImpossibleActions(t *testing.T) {
	s := parse(t, `
name: pause-external
seed: 1
duration: 5s
load:
  uploads: {count: 1}
timeline:
  - {at: 1s, server: pause}
expect:
  uploads: {answered_within: 1s}
`)
	_, err := Run(context.Background(), Options{Scenario: s, OutDir: t.TempDir(), TargetURL: "http://127.0.0.1:1"})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "server pause is not possible with launch external (possible with container, process, subprocess)") {
		t.Fatalf("err %v", err)
	}
}

func TestRunBadCorpusIsBadInput(t *testing.T) {
	dir := t.TempDir()
	s := parse(t, `
name: bad-corpus
seed: 1
duration: 5s
target:
  server: {launch: external}
load:
  uploads: {count: 1, corpus: {dir: `+dir+`}}
expect:
  uploads: {answered_within: 1s}
`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	_, err := Run(context.Background(), Options{Scenario: s, OutDir: t.TempDir(), TargetURL: srv.URL})
	if !errors.Is(err, ErrBadInput) {
		t.Fatalf("an empty corpus dir: err %v, want ErrBadInput", err)
	}
}
