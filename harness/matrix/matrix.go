package matrix

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
	"golang.org/x/sync/errgroup"
)

// Correct names the column of runs against the server with no defect.
const Correct = "correct"

// Config says what to run.
type Config struct {
	Scenarios []*scenario.Scenario
	Defects   []string
	ServerBin string
	// OutDir receives one run directory per cell, defect-matrix.md/.json.
	OutDir   string
	Parallel int
	// Determinism names the scenario run twice for the determinism check
	// ("" skips it).
	Determinism string
	// Log receives one line per finished run.
	Log     io.Writer
	Version string
	// Retries re-runs a correct-server cell that did not pass, and any
	// cell whose run was inconclusive (the harness itself starved), up to
	// this many times; the cell is the last attempt's, and the matrix shows
	// every earlier one. For shared, loaded CI machines, where a latency
	// threshold can trip on a scheduling stall; 0 disables.
	Retries int
	// Shard selects the part of the matrix this run executes (zero: all).
	Shard Shard
	// Runner runs the cells and the determinism check (nil: Harness).
	Runner Runner
}

// Runner runs the matrix's runs; a test seam. Harness is the real one.
type Runner interface {
	// Cell runs scenario s against the server with defect (Correct: none)
	// into dir, once, and reduces the report to a Cell.
	Cell(ctx context.Context, cfg Config, s *scenario.Scenario, defect, dir string) Cell
	// Determinism runs s twice with its seed and compares the fake LLM
	// journals.
	Determinism(ctx context.Context, cfg Config, s *scenario.Scenario) (*Determinism, error)
}

func (cfg Config) runner() Runner {
	if cfg.Runner == nil {
		return Harness{}
	}
	return cfg.Runner
}

// Cell is one run.
type Cell struct {
	Scenario string         `json:"scenario"`
	Defect   string         `json:"defect"` // Correct for the correct server
	Verdict  report.Verdict `json:"verdict"`
	// Failed lists "assertion (verdict): detail" for every assertion that
	// counts against the run (failed, or inconclusive).
	Failed  []string      `json:"failed,omitempty"`
	Error   string        `json:"error,omitempty"`
	Elapsed time.Duration `json:"elapsed"`
	// Seconds is Elapsed in seconds, the cell's wall time.
	Seconds float64 `json:"seconds"`
	Dir     string  `json:"dir"`
	// Retried lists the earlier attempts that were re-run: a
	// correct-server cell's that did not pass, any cell's that were
	// inconclusive.
	Retried []string `json:"retried,omitempty"`
	// Diagnosed is a caught defect cell's top diagnosis, scored.
	Diagnosed *Diagnosed `json:"diagnosed,omitempty"`
}

// Caught reports whether a defect run was caught (an assertion failed).
// An inconclusive run is neither caught nor passed.
func (c Cell) Caught() bool { return c.Verdict == report.VerdictFail }

// Inconclusive reports whether the cell's run could not be judged: the
// harness itself was starved, so the machine was too loaded to tell.
func (c Cell) Inconclusive() bool { return c.Verdict == report.VerdictInconclusive }

// Matrix is the result.
type Matrix struct {
	Scenarios   []string                   `json:"scenarios"`
	Defects     []string                   `json:"defects"`
	Correct     map[string]Cell            `json:"correct"`
	Cells       map[string]map[string]Cell `json:"cells"` // defect → scenario → cell
	Determinism *Determinism               `json:"determinism,omitempty"`
	Elapsed     time.Duration              `json:"elapsed"`
	// Parallel says how many runs went at once ("4", or "auto: ..." with
	// the range the CPU headroom allowed).
	Parallel string `json:"parallel,omitempty"`
	// EscapesAllowed makes a defect that no scenario caught a shown result
	// rather than a problem (a supplementary matrix, such as the container
	// scenarios', where only the correct-server row decides).
	EscapesAllowed bool `json:"escapes_allowed,omitempty"`
	// Shard is set on one shard's part of a matrix: Correct and Cells
	// hold that shard's cells only (see Merge).
	Shard *ShardInfo `json:"shard,omitempty"`
}

type job struct {
	s      *scenario.Scenario
	defect string
	dir    string
}

// Run executes every cell of cfg.Shard, Parallel at a time, then the
// determinism check when this shard owns it.
func Run(ctx context.Context, cfg Config) (*Matrix, error) {
	start := time.Now()
	det := findScenario(cfg, cfg.Determinism)
	if cfg.Determinism != "" && det == nil {
		return nil, fmt.Errorf("determinism: no scenario %q in the matrix", cfg.Determinism)
	}
	lim, stopSampling, desc := limiterFor(ctx, cfg.Parallel)
	defer stopSampling()
	m := newMatrix(cfg)
	var mu sync.Mutex // guards m's maps
	g, gctx := errgroup.WithContext(ctx)
	if det != nil && Assign(m.allCells(), cfg.Shard)[determinismOwner(det.Name)] {
		g.Go(func() error { // its two runs take a slot like a cell
			if err := lim.acquire(gctx); err != nil {
				return err
			}
			defer lim.release()
			d, err := cfg.runner().Determinism(gctx, cfg, det)
			mu.Lock()
			defer mu.Unlock()
			m.Determinism = d
			return err
		})
	}
	for _, j := range jobs(cfg) {
		if err := lim.acquire(gctx); err != nil {
			break
		}
		g.Go(func() error {
			defer lim.release()
			c := runWithRetries(gctx, cfg, j)
			mu.Lock()
			defer mu.Unlock()
			m.put(c)
			if cfg.Log != nil {
				fmt.Fprintf(cfg.Log, "%-20s %-24s %-5s %6.1fs %s%s\n", j.s.Name, j.defect, c.Verdict, c.Elapsed.Seconds(), firstLine(c), logDiagnosed(c))
			}
			return gctx.Err()
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err() // cancelled before every cell was started
	}
	m.Parallel = desc(lim)
	if err != nil {
		return m, err
	}
	m.Elapsed = time.Since(start)
	return m, nil
}

// newMatrix is the empty matrix of cfg, with its shard record if sharded.
func newMatrix(cfg Config) *Matrix {
	m := &Matrix{Defects: cfg.Defects, Correct: map[string]Cell{}, Cells: map[string]map[string]Cell{}}
	for _, s := range cfg.Scenarios {
		m.Scenarios = append(m.Scenarios, s.Name)
	}
	for _, d := range cfg.Defects {
		m.Cells[d] = map[string]Cell{}
	}
	if cfg.Shard.Sharded() {
		m.Shard = &ShardInfo{Shard: cfg.Shard, Determinism: cfg.Determinism, AllCells: m.allCells()}
	}
	return m
}

// put files c under its cell.
func (m *Matrix) put(c Cell) {
	if c.Defect == Correct {
		m.Correct[c.Scenario] = c
		return
	}
	m.Cells[c.Defect][c.Scenario] = c
}

// allCells lists the identities of every cell of the whole matrix.
func (m *Matrix) allCells() []string { return CellIDs(m.Scenarios, m.Defects) }

// jobs lists cfg.Shard's cells, the longest scenarios first so the pool
// finishes together.
func jobs(cfg Config) []job {
	var ids []string
	for _, s := range cfg.Scenarios {
		for _, d := range append([]string{Correct}, cfg.Defects...) {
			ids = append(ids, CellID{s.Name, d}.String())
		}
	}
	mine := Assign(ids, cfg.Shard)
	// Defect by defect, longest scenario first: long runs start early and
	// several of one scenario (a soak) do not all compete at once.
	ss := slices.Clone(cfg.Scenarios)
	sort.SliceStable(ss, func(a, b int) bool { return ss[a].Duration > ss[b].Duration })
	var js []job
	for _, d := range append([]string{Correct}, cfg.Defects...) {
		for _, s := range ss {
			if mine[CellID{s.Name, d}.String()] {
				js = append(js, job{s: s, defect: d, dir: filepath.Join(cfg.OutDir, s.Name, d)})
			}
		}
	}
	return js
}

// runWithRetries runs a cell, re-running it up to cfg.Retries times while
// it does not count (retry).
func runWithRetries(ctx context.Context, cfg Config, j job) Cell {
	c := cfg.runner().Cell(ctx, cfg, j.s, j.defect, j.dir)
	var earlier []string // every attempt before the last, not just the one before
	for i := 1; retry(c) && i <= cfg.Retries && ctx.Err() == nil; i++ {
		earlier = append(earlier, fmt.Sprintf("attempt %d: %s (%s)", i, firstLine(c), c.Dir))
		c = cfg.runner().Cell(ctx, cfg, j.s, j.defect, fmt.Sprintf("%s-retry%d", j.dir, i))
		c.Retried = slices.Clone(earlier)
	}
	return c
}

// retry says whether c's result is worth another attempt: a
// correct-server cell that did not pass (a stall on a loaded machine can
// fail it once), and any inconclusive cell (the harness was starved: a
// quieter moment may judge it).
func retry(c Cell) bool {
	return (c.Defect == Correct && c.Verdict != report.VerdictPass) || c.Inconclusive()
}

func firstLine(c Cell) string {
	switch {
	case c.Error != "":
		return "error: " + c.Error
	case len(c.Failed) > 0:
		return c.Failed[0]
	}
	return ""
}

// Problems lists why the matrix fails the build: the correct server not
// passing a scenario, a defect no scenario caught (unless EscapesAllowed;
// one whose only chances were inconclusive says so), correct-server cells
// that stayed inconclusive (a false alarm could hide there), a determinism
// mismatch. A defect cell that stayed inconclusive fails nothing by
// itself: it is neither caught nor passed, and shown so; it counts only
// where its defect then escaped. A shard's part answers
// for its own cells only: escapes are decided once the shards are merged.
func (m *Matrix) Problems() []string {
	var out []string
	for _, s := range m.Scenarios {
		c, ran := m.Correct[s]
		if !ran && m.Shard != nil {
			continue // another shard's cell
		}
		if c.Verdict != report.VerdictPass && !c.Inconclusive() {
			out = append(out, fmt.Sprintf("correct server %s %s: %s", c.Verdict, s, firstLine(c)))
		}
	}
	out = append(out, m.escapes()...)
	if ss := m.inconclusiveIn(Correct); len(ss) > 0 {
		ids := make([]string, len(ss))
		for i, s := range ss {
			ids[i] = CellID{s, Correct}.String()
		}
		out = append(out, fmt.Sprintf("inconclusive %s: the machine was too loaded to judge them (the harness itself was starved "+
			"of CPU in every health window, so a slow target could not be told from a starved harness); re-run them on a quieter machine",
			strings.Join(ids, ", ")))
	}
	if m.Determinism != nil && !m.Determinism.Same {
		out = append(out, "determinism: "+m.Determinism.Summary)
	}
	return out
}

// escapes lists the defects no scenario caught, unless EscapesAllowed or
// m is one shard's part. One whose only chances were inconclusive escaped
// only the scenarios that could judge it.
func (m *Matrix) escapes() []string {
	var out []string
	for _, d := range m.Defects {
		if m.EscapesAllowed || m.Shard != nil || len(m.CaughtBy(d)) > 0 {
			continue
		}
		if unjudged := m.inconclusiveIn(d); len(unjudged) > 0 {
			out = append(out, fmt.Sprintf("defect %s escaped every scenario that could be judged (inconclusive on %s)", d, strings.Join(unjudged, ", ")))
			continue
		}
		out = append(out, fmt.Sprintf("defect %s escaped every scenario", d))
	}
	return out
}

// InconclusiveCells lists the cells whose (last) run was inconclusive, as
// cell identities ("seed-316/correct"), the correct-server row first, then
// each defect's, in scenario order.
func (m *Matrix) InconclusiveCells() []string {
	var out []string
	for _, d := range append([]string{Correct}, m.Defects...) {
		for _, s := range m.inconclusiveIn(d) {
			out = append(out, CellID{s, d}.String())
		}
	}
	return out
}

// inconclusiveIn lists the scenarios whose cell of variant d (Correct or
// a defect) was inconclusive.
func (m *Matrix) inconclusiveIn(d string) []string {
	row := m.Cells[d]
	if d == Correct {
		row = m.Correct
	}
	var out []string
	for _, s := range m.Scenarios {
		if row[s].Inconclusive() {
			out = append(out, s)
		}
	}
	return out
}

// CaughtBy lists the scenarios that caught defect d.
func (m *Matrix) CaughtBy(d string) []string {
	var out []string
	for _, s := range m.Scenarios {
		if m.Cells[d][s].Caught() {
			out = append(out, s)
		}
	}
	return out
}
