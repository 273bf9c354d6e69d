package matrix

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness"
	"github.com/hangarhq/hangar/harness/scenario"
	"golang.org/x/sync/errgroup"
)

// Determinism is the same-seed-twice check.
type Determinism struct {
	Scenario string `json:"scenario"`
	Seed     int64  `json:"seed"`
	// Compared counts requests compared (same plan epoch, endpoint and
	// ordinal in both runs); Faulted how many of them a rule fired on.
	Compared   int      `json:"compared"`
	Faulted    int      `json:"faulted"`
	Mismatches []string `json:"mismatches,omitempty"`
	Same       bool     `json:"same"`
	Summary    string   `json:"summary"`
}

// key places a request: plan epoch (the plan is swapped by the timeline
// and ordinals restart), endpoint, ordinal.
type key struct {
	epoch    int
	endpoint string
	ordinal  int
}

// checkDeterminism runs the scenario twice, each run in a slot of lim
// (alongside the cells), and compares the fake LLM journals.
func checkDeterminism(ctx context.Context, cfg Config, lim *limiter) (*Determinism, error) {
	var runs [2]map[key]string
	d := &Determinism{Scenario: cfg.Determinism}
	sc := findScenario(cfg, cfg.Determinism)
	if sc == nil {
		return nil, fmt.Errorf("determinism: no scenario %q", cfg.Determinism)
	}
	d.Seed = sc.Seed
	var g errgroup.Group
	for i := range runs {
		g.Go(func() error {
			if err := lim.acquire(ctx); err != nil {
				return fmt.Errorf("determinism run %d: %w", i+1, err)
			}
			defer lim.release()
			dir := filepath.Join(cfg.OutDir, "determinism", fmt.Sprintf("run-%d", i+1))
			_, err := harness.Run(ctx, harness.Options{Scenario: sc, OutDir: dir, ServerBin: cfg.ServerBin, Defects: []string{}, Version: cfg.Version})
			if err != nil {
				return fmt.Errorf("determinism run %d: %w", i+1, err)
			}
			j, err := readJournal(filepath.Join(dir, harness.JournalFile))
			if err != nil {
				return err
			}
			runs[i] = placed(j)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	compare(d, runs[0], runs[1])
	return d, nil
}

func findScenario(cfg Config, name string) *scenario.Scenario {
	for _, s := range cfg.Scenarios {
		if s.Name == name {
			return s
		}
	}
	return nil
}

func readJournal(path string) ([]fakellm.JournalEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("determinism: %w", err)
	}
	var j []fakellm.JournalEntry
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("determinism: %s: %w", path, err)
	}
	return j, nil
}

// placed maps each request to the rule that fired on it. Entries are in
// arrival order (Seq); an ordinal going back to 1 on an endpoint starts a
// new plan epoch for it.
func placed(j []fakellm.JournalEntry) map[key]string {
	sort.Slice(j, func(a, b int) bool { return j[a].Seq < j[b].Seq })
	epoch := map[string]int{}
	last := map[string]int{}
	out := map[key]string{}
	for _, e := range j {
		if e.Ordinal <= last[e.Endpoint] {
			epoch[e.Endpoint]++
		}
		last[e.Endpoint] = e.Ordinal
		out[key{epoch[e.Endpoint], e.Endpoint, e.Ordinal}] = e.Rule
	}
	return out
}

func compare(d *Determinism, a, b map[key]string) {
	keys := make([]key, 0, len(a))
	for k := range a {
		if _, ok := b[k]; ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		x, y := keys[i], keys[j]
		if x.epoch != y.epoch {
			return x.epoch < y.epoch
		}
		if x.endpoint != y.endpoint {
			return x.endpoint < y.endpoint
		}
		return x.ordinal < y.ordinal
	})
	for _, k := range keys {
		d.Compared++
		if a[k] != "" {
			d.Faulted++
		}
		if a[k] != b[k] {
			d.Mismatches = append(d.Mismatches, fmt.Sprintf("plan %d %s #%d: %q vs %q", k.epoch+1, k.endpoint, k.ordinal, a[k], b[k]))
		}
	}
	d.Same = len(d.Mismatches) == 0 && d.Faulted > 0
	switch {
	case d.Faulted == 0:
		d.Summary = fmt.Sprintf("%s seed %d: no fault fired in %d compared requests; nothing proven", d.Scenario, d.Seed, d.Compared)
	case d.Same:
		d.Summary = fmt.Sprintf("%s seed %d twice: the same faults on the same request ordinals (%d faulted of %d compared requests)",
			d.Scenario, d.Seed, d.Faulted, d.Compared)
	default:
		d.Summary = fmt.Sprintf("%s seed %d twice: %d of %d requests got different faults, first %s",
			d.Scenario, d.Seed, len(d.Mismatches), d.Compared, d.Mismatches[0])
	}
}
