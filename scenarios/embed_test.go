package scenarios

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/scenario"
)

// required is the set that must ship: the failure classes' scenarios, and
// the container ones `hangar chaos-containers` runs.
var required = []string{
	"seed-316", "llm-blackhole", "llm-close-mid-body", "stream-truncation",
	"rate-limit-storm", "embeddings-down", "crash-restart", "pause-resume", "store-queue-full", "soak-200",
	"container-pause-llm", "container-kill-restart", "container-partition", "container-cpu-starved",
}

func TestShippedScenariosLoad(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			s, err := Lookup(name)
			if err != nil {
				t.Fatal(err)
			}
			if s.Name != name {
				t.Errorf("name %q in file %s.yaml", s.Name, name)
			}
			if s.Description == "" {
				t.Error("no description")
			}
			if s.Duration > 2*time.Minute {
				t.Errorf("duration %v: shipped scenarios must stay short (make chaos runs each of them 8 times)", s.Duration)
			}
			if !strings.HasPrefix(string(s.Source), "#") {
				t.Error("no leading comment saying what the scenario catches")
			}
		})
	}
}

func TestShippedSetComplete(t *testing.T) {
	names := Names()
	for _, want := range required {
		if !slices.Contains(names, want) {
			t.Errorf("missing shipped scenario %q", want)
		}
	}
	all, err := All()
	if err != nil || len(all) != len(names) {
		t.Fatalf("All() = %d scenarios, %v; want %d", len(all), err, len(names))
	}
}

// TestSeed316Shape pins what makes seed-316 the reported hang.
func TestSeed316Shape(t *testing.T) {
	s, err := Lookup("seed-316.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Seed != 316 || s.Load.Uploads.Size != 80*scenario.KiB || s.Duration >= time.Minute {
		t.Errorf("seed %d size %v duration %v", s.Seed, s.Load.Uploads.Size, s.Duration)
	}
	if st := s.Timeline[0]; st.AfterUploads == nil || *st.AfterUploads != 3 || st.LLMPlan == nil {
		t.Errorf("first step %+v, want the LLM fault after upload 3", st)
	}
	e := s.Expect
	for _, name := range []string{"health.p99", "uploads.answered_within", "progress.indexed_all_within", "leaks.goroutines"} {
		if !e.Has(name) {
			t.Errorf("expect %v: seed-316 must assert health, uploads, progress and leaks (no %s)", e.Names(), name)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	_, err := Lookup("nope")
	if err == nil || !strings.Contains(err.Error(), `no shipped scenario "nope" (have container-cpu-starved,`) {
		t.Fatalf("err = %v", err)
	}
	if Has("nope") || !Has("seed-316.yaml") {
		t.Error("Has")
	}
}

// TestEveryDefectTargeted: each server defect is named in the leading
// comment of at least one shipped scenario (the claim `make chaos` checks
// for real).
func TestEveryDefectTargeted(t *testing.T) {
	for _, d := range scenario.DefectNames() {
		found := false
		for _, name := range Names() {
			s, err := Lookup(name)
			if err != nil {
				t.Fatal(err)
			}
			for line := range strings.Lines(string(s.Source)) {
				if strings.HasPrefix(line, "#") && strings.Contains(line, d) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no shipped scenario names defect %s in its comment", d)
		}
	}
}

// TestContainerScenariosNamed: a scenario needs a container engine exactly
// when its name starts with container- (the commands split the set by
// NeedsContainerEngine; the prefix tells a reader which is which).
func TestContainerScenariosNamed(t *testing.T) {
	for _, name := range Names() {
		s, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if prefixed := strings.HasPrefix(name, "container-"); prefixed != s.NeedsContainerEngine() {
			t.Errorf("%s: NeedsContainerEngine %v, but the container- prefix says %v", name, s.NeedsContainerEngine(), prefixed)
		}
	}
}
