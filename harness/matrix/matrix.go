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

	"github.com/hangarhq/hangar/harness"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
	"golang.org/x/sync/errgroup"
)

// DefaultParallel is a fixed number of runs at once for callers that want
// one; Config.Parallel Auto (0) chooses from the CPU headroom instead.
const DefaultParallel = 3

// Correct names the column of runs against the server with no defect.
const Correct = "correct"

// Config says what to run.
type Config struct {
	Scenarios []*scenario.Scenario
	Defects   []string
	ServerBin string
	// OutDir receives one run directory per cell, defect-matrix.md/.json.
	OutDir string
	// Parallel is how many runs go at once; Auto (0) chooses it from the
	// CPU headroom, sampled for a second at start and every second after.
	Parallel int
	// Determinism names the scenario run twice for the determinism check
	// ("" skips it).
	Determinism string
	// Log receives one line per finished run.
	Log     io.Writer
	Version string
	// Retries re-runs a correct-server cell that did not pass, up to this
	// many times; the cell passes only if a retry passes, and the matrix
	// shows every earlier failure. For shared, loaded CI machines, where a
	// latency threshold can trip on a scheduling stall; 0 disables.
	Retries int
}

// Cell is one run.
type Cell struct {
	Scenario string         `json:"scenario"`
	Defect   string         `json:"defect"` // Correct for the correct server
	Verdict  report.Verdict `json:"verdict"`
	// Failed lists "assertion: detail" for every assertion that failed.
	Failed  []string      `json:"failed,omitempty"`
	Error   string        `json:"error,omitempty"`
	Elapsed time.Duration `json:"elapsed"`
	// Seconds is Elapsed in seconds, the cell's wall time.
	Seconds float64 `json:"seconds"`
	Dir     string  `json:"dir"`
	// Retried lists earlier failed attempts of a correct-server cell.
	Retried []string `json:"retried,omitempty"`
}

// Caught reports whether a defect run was caught (an assertion failed).
func (c Cell) Caught() bool { return c.Verdict == report.VerdictFail }

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
}

type job struct {
	s      *scenario.Scenario
	defect string
	dir    string
}

// Run executes every cell and the determinism check's two runs, Parallel
// at a time.
func Run(ctx context.Context, cfg Config) (*Matrix, error) {
	start := time.Now()
	lim, stopSampling, desc := limiterFor(ctx, cfg.Parallel)
	defer stopSampling()
	m := &Matrix{Defects: cfg.Defects, Correct: map[string]Cell{}, Cells: map[string]map[string]Cell{}}
	for _, s := range cfg.Scenarios {
		m.Scenarios = append(m.Scenarios, s.Name)
	}
	for _, d := range cfg.Defects {
		m.Cells[d] = map[string]Cell{}
	}
	var mu sync.Mutex // guards m's maps
	g, gctx := errgroup.WithContext(ctx)
	if cfg.Determinism != "" {
		g.Go(func() error { // its two runs take slots like the cells
			d, err := checkDeterminism(gctx, cfg, lim)
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
			if j.defect == Correct {
				m.Correct[j.s.Name] = c
			} else {
				m.Cells[j.defect][j.s.Name] = c
			}
			if cfg.Log != nil {
				fmt.Fprintf(cfg.Log, "%-20s %-24s %-5s %6.1fs %s\n", j.s.Name, j.defect, c.Verdict, c.Elapsed.Seconds(), firstLine(c))
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

// jobs deals the cells out column by column, longest scenarios first, so
// the pool finishes together and the runs going at once are of different
// scenarios (several soak runs at once would compete for the CPU their
// latency bounds need).
func jobs(cfg Config) []job {
	ss := slices.Clone(cfg.Scenarios)
	sort.SliceStable(ss, func(a, b int) bool { return ss[a].Duration > ss[b].Duration })
	var js []job
	for _, d := range append([]string{Correct}, cfg.Defects...) {
		for _, s := range ss {
			js = append(js, job{s: s, defect: d, dir: filepath.Join(cfg.OutDir, s.Name, d)})
		}
	}
	return js
}

// runWithRetries runs a cell, re-running a correct-server cell that did
// not pass up to cfg.Retries times.
func runWithRetries(ctx context.Context, cfg Config, j job) Cell {
	c := runCell(ctx, cfg, j)
	for i := 1; j.defect == Correct && c.Verdict != report.VerdictPass && i <= cfg.Retries && ctx.Err() == nil; i++ {
		failed := fmt.Sprintf("attempt %d: %s (%s)", i, firstLine(c), c.Dir)
		retry := j
		retry.dir = fmt.Sprintf("%s-retry%d", j.dir, i)
		c = runCell(ctx, cfg, retry)
		c.Retried = append(c.Retried, failed)
	}
	return c
}

func runCell(ctx context.Context, cfg Config, j job) Cell {
	o := harness.Options{Scenario: j.s, OutDir: j.dir, ServerBin: cfg.ServerBin, Defects: []string{},
		FailFast: j.defect != Correct, Version: cfg.Version}
	if j.defect != Correct {
		o.Defects = []string{j.defect}
	}
	start := time.Now()
	rep, err := harness.Run(ctx, o)
	el := time.Since(start)
	c := Cell{Scenario: j.s.Name, Defect: j.defect, Elapsed: el, Seconds: el.Round(100 * time.Millisecond).Seconds(),
		Dir: j.dir, Verdict: report.VerdictError}
	if err != nil {
		c.Error = err.Error()
	}
	if rep == nil {
		return c
	}
	c.Verdict = rep.Outcome()
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
// passing a scenario, a defect no scenario caught (unless EscapesAllowed),
// a determinism mismatch.
func (m *Matrix) Problems() []string {
	var out []string
	for _, s := range m.Scenarios {
		if c := m.Correct[s]; c.Verdict != report.VerdictPass {
			out = append(out, fmt.Sprintf("correct server %s %s: %s", c.Verdict, s, firstLine(c)))
		}
	}
	for _, d := range m.Defects {
		if !m.EscapesAllowed && len(m.CaughtBy(d)) == 0 {
			out = append(out, fmt.Sprintf("defect %s escaped every scenario", d))
		}
	}
	if m.Determinism != nil && !m.Determinism.Same {
		out = append(out, "determinism: "+m.Determinism.Summary)
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
