package matrix

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/hangarhq/hangar/harness"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// Harness is the Runner that runs each cell for real with harness.Run,
// starting cfg.ServerBin as the server.
type Harness struct{}

// Cell runs one attempt of a cell. Defect runs use fail-fast.
func (Harness) Cell(ctx context.Context, cfg Config, s *scenario.Scenario, defect, dir string) Cell {
	o := harness.Options{Scenario: s, OutDir: dir, ServerBin: cfg.ServerBin, Defects: []string{},
		FailFast: defect != Correct, Version: cfg.Version}
	if defect != Correct {
		o.Defects = []string{defect}
	}
	start := time.Now()
	rep, err := harness.Run(ctx, o)
	el := time.Since(start)
	c := Cell{Scenario: s.Name, Defect: defect, Elapsed: el, Seconds: el.Round(100 * time.Millisecond).Seconds(),
		Dir: dir, Verdict: report.VerdictError}
	if err != nil {
		c.Error = err.Error()
	}
	if rep == nil {
		return c
	}
	c.Verdict = rep.Outcome()
	if defect != Correct && c.Caught() {
		c.Diagnosed = diagnosed(rep, defect)
	}
	for _, a := range rep.Failed() {
		line := fmt.Sprintf("%s (%s): %s", a.Name, a.Verdict, a.Detail)
		if trippedOn(rep) == a.Name { // the assertion that stopped the run goes first
			c.Failed = append([]string{line}, c.Failed...)
			continue
		}
		c.Failed = append(c.Failed, line)
	}
	return c
}

// Determinism runs s twice against the correct server under
// cfg.OutDir/determinism/run-{1,2} and compares the fake LLM journals.
func (Harness) Determinism(ctx context.Context, cfg Config, s *scenario.Scenario) (*Determinism, error) {
	var runs [2]map[key]string
	d := &Determinism{Scenario: s.Name, Seed: s.Seed}
	for i := range runs {
		dir := filepath.Join(cfg.OutDir, "determinism", fmt.Sprintf("run-%d", i+1))
		_, err := harness.Run(ctx, harness.Options{Scenario: s, OutDir: dir, ServerBin: cfg.ServerBin, Defects: []string{}, Version: cfg.Version})
		if err != nil {
			return nil, fmt.Errorf("determinism run %d: %w", i+1, err)
		}
		j, err := readJournal(filepath.Join(dir, harness.JournalFile))
		if err != nil {
			return nil, err
		}
		runs[i] = placed(j)
	}
	compare(d, runs[0], runs[1])
	return d, nil
}

// trippedOn names the assertion a fail-fast stop was for, from the
// report's timeline.
func trippedOn(rep *report.Report) string {
	for _, e := range rep.Events {
		if name, ok := strings.CutPrefix(e.Name, "fail-fast: "); ok {
			return name
		}
	}
	return ""
}
