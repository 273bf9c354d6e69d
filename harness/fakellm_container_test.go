package harness

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/containers/containerstest"
	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/report"
)

const llmContainerScenario = `
name: llm-container
seed: 3
duration: 60s
target:
  server: {launch: inprocess}
  llm:
    launch: container
    plan: {rules: [{name: slow, match: {endpoint: embeddings}, action: {kind: delay, duration: 50ms}}]}
load:
  uploads: {count: 8, interval: 50ms, timeout: 10s}
timeline:
  - {after_uploads: 2, llm: pause}
  - {after_uploads: 2, llm: resume}
  - {after_uploads: 4, network: disconnect}
  - {after_uploads: 4, network: connect}
  - {after_uploads: 6, llm: stop}
  - {after_uploads: 6, llm: start}
expect:
  uploads: {status: [201]}
  progress: {indexed_all_within: 20s}
`

// TestRunLLMContainer runs a scenario whose fake LLM is in a container:
// the plan reaches it through its published port and is put back after
// llm: start (the restarted container's journal shows delayed embeddings), every llm and network step is applied and
// recorded, and the container and network are gone afterwards.
func TestRunLLMContainer(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx := context.Background()
	before, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	rep, err := Run(ctx, Options{Scenario: parse(t, llmContainerScenario), OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Outcome() != report.VerdictPass {
		t.Errorf("outcome %s: %+v", rep.Outcome(), rep.Failed())
	}
	var got []string
	for _, e := range rep.Events {
		if (e.Kind == eventLLM || e.Kind == eventNetwork) && e.Step >= 0 {
			got = append(got, string(e.Kind)+" "+e.Name)
		}
	}
	want := "llm pause, llm resume, network disconnect, network connect, llm stop, llm start"
	if strings.Join(got, ", ") != want {
		t.Errorf("steps recorded: %s\nwant: %s", strings.Join(got, ", "), want)
	}
	if n := slowEmbeddings(t, out); n == 0 {
		t.Error("no embeddings delayed by rule slow after the fake LLM was started again: the plan was not put back")
	}
	if img := rep.Versions["image"]; !strings.HasPrefix(img, "hangar:dev-") {
		t.Errorf("report names image %q, want hangar:dev-…", img)
	}
	if !slices.ContainsFunc(rep.Events, func(e report.Event) bool {
		return e.Name == "container image" && strings.Contains(e.Detail, "before the clock started")
	}) {
		t.Error("no event says the container image was ready before the clock")
	}
	if !strings.Contains(rep.Target.LLMURL, "127.0.0.1") {
		t.Errorf("llm url %q, want the published loopback port", rep.Target.LLMURL)
	}
	after, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left := before.Added(after).Mine(); !left.Empty() {
		t.Errorf("left behind:\n%s", left)
	}
}

// slowEmbeddings counts the journal's embeddings answered by rule slow.
// The journal is the restarted container's: entries after llm: start.
func slowEmbeddings(t *testing.T, dir string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "fakellm-journal.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j []fakellm.JournalEntry
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range j {
		if e.Endpoint == "embeddings" && e.Rule == "slow" {
			n++
		}
	}
	return n
}

// TestRunLLMContainerRefusesLLMURL: a container fake LLM and --llm-url
// both name the fake LLM; the run refuses before starting anything.
func TestRunLLMContainerRefusesLLMURL(t *testing.T) {
	_, err := Run(context.Background(), Options{Scenario: parse(t, llmContainerScenario), OutDir: t.TempDir(),
		LLMURL: "http://127.0.0.1:1"})
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "target.llm.launch: container starts its own fake LLM") {
		t.Fatalf("err %v, want bad input naming target.llm.launch", err)
	}
}

// TestRunPreparesImageBeforeTheClock: a run with a container asks for the
// image from Options.ServerBin (hangar run's own binary) before its clock
// starts, and a failure there is the run's error with nothing started.
func TestRunPreparesImageBeforeTheClock(t *testing.T) {
	var asked time.Time
	var gotBin string
	old := containerImageFor
	containerImageFor = func(_ context.Context, bin string) (string, string, error) {
		asked, gotBin = time.Now(), bin
		return "", "", errors.New("engine away")
	}
	t.Cleanup(func() { containerImageFor = old })
	out := t.TempDir()
	rep, err := Run(context.Background(), Options{Scenario: parse(t, llmContainerScenario), OutDir: out, ServerBin: "/opt/hangar"})
	if err == nil || err.Error() != "container image: engine away" {
		t.Fatalf("err %v, want the image error", err)
	}
	if gotBin != "/opt/hangar" {
		t.Errorf("image asked for from %q, want Options.ServerBin", gotBin)
	}
	if asked.IsZero() || rep.Start.Before(asked) {
		t.Errorf("run clock started %v, image asked for %v: want the image first", rep.Start, asked)
	}
	if _, err := os.Stat(filepath.Join(out, "fakellm.log")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("fakellm.log: %v, want nothing started", err)
	}
}
