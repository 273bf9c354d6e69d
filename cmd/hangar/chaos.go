package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hangarhq/hangar/harness/matrix"
	"github.com/hangarhq/hangar/harness/scenario"
	"github.com/hangarhq/hangar/scenarios"
	"github.com/hangarhq/hangar/server"
)

func init() {
	register(command{name: "chaos", summary: "run every shipped scenario against the correct server and each defect; print the defect matrix", run: runChaos})
}

const chaosSynopsis = "[--server-bin PATH] [--out DIR] [--parallel auto|N] [--scenarios a,b] [--defects a,b] [--determinism NAME] [--shard K/N]\n\n" +
	"With --shard K/N it runs the K-th of N parts of the matrix (a fixed 1/N of its cells: CI.md, \"Sharding the matrix\");\n" +
	"`hangar matrix merge` joins the N parts' defect-matrix.json into the whole matrix."

func runChaos(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("chaos", chaosSynopsis, stderr)
	bin := fs.String("server-bin", "", "binary started as `hangar server` (default: this binary)")
	out := fs.String("out", "out", "directory for defect-matrix.md/.json and the runs (under chaos/)")
	par := parallelFlag(matrix.Auto)
	fs.Var(&par, "parallel", "runs at once: a number, or auto (from the CPU headroom, sampled while the matrix runs)")
	only := fs.String("scenarios", "", "comma-separated scenario names (default: every shipped scenario that needs no container engine)")
	defects := fs.String("defects", strings.Join(server.DefectNames(), ","), "comma-separated defects")
	det := fs.String("determinism", "seed-316", "scenario run twice with the same seed ('' to skip)")
	dir := fs.String("scenario-dir", "", "load DIR/*.yaml instead of the shipped scenarios (those that need no container engine)")
	retries := fs.Int("retries", 1, "re-run a correct-server scenario that failed, and any inconclusive run, up to N times (shown in the matrix; 0: never)")
	shard := fs.String("shard", "", "run only part `K/N` of the matrix (1 ≤ K ≤ N; default: all of it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sh, err := parseShardFlag(*shard)
	if err != nil {
		return err
	}
	cfg, err := chaosConfig(*bin, *out, int(par), chaosSet{only: *only, defects: *defects, det: *det, dir: *dir})
	if err != nil {
		return err
	}
	cfg.Log, cfg.Retries, cfg.Shard = stderr, *retries, sh
	m, err := matrix.Run(ctx, cfg)
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	if err := matrix.WriteFiles(*out, m); err != nil {
		return err
	}
	return printMatrix(stdout, m)
}

// printMatrix prints m as `hangar chaos` does and fails (exit 1) on its
// Problems.
func printMatrix(stdout io.Writer, m *matrix.Matrix) error {
	if err := matrix.Print(stdout, m); err != nil {
		return err
	}
	if p := m.Problems(); len(p) > 0 {
		return failedError(errors.New(strings.Join(p, "; ")))
	}
	return nil
}

// parseShardFlag reads --shard; "" is the whole matrix.
func parseShardFlag(spec string) (matrix.Shard, error) {
	if spec == "" {
		return matrix.Shard{}, nil
	}
	sh, err := matrix.ParseShard(spec)
	if err != nil {
		return sh, usageError(fmt.Errorf("--%w", err))
	}
	return sh, nil
}

// chaosSet picks a matrix's scenarios and defects: the shipped scenarios
// (or dir/*.yaml) that need a container engine (containers) or that do not,
// narrowed to only when set.
type chaosSet struct {
	only, defects, det, dir string
	containers              bool
}

func chaosConfig(bin, out string, par int, set chaosSet) (matrix.Config, error) {
	cfg := matrix.Config{ServerBin: bin, OutDir: out + "/chaos", Parallel: par, Determinism: set.det, Version: buildVersion()}
	if cfg.ServerBin == "" {
		exe, err := os.Executable()
		if err != nil {
			return cfg, err
		}
		cfg.ServerBin = exe
	}
	d, err := server.ParseDefects(set.defects)
	if err != nil {
		return cfg, usageError(err)
	}
	cfg.Defects = d
	all, other, err := chaosScenarios(set.dir, set.containers)
	if err != nil {
		return cfg, usageError(err)
	}
	cfg.Scenarios, err = pickScenarios(all, other, set)
	return cfg, err
}

// pickScenarios narrows all to the names in set.only; a name among other
// (the scenarios of the other command) is an error saying which command
// runs it.
func pickScenarios(all []*scenario.Scenario, other map[string]bool, set chaosSet) ([]*scenario.Scenario, error) {
	want := map[string]bool{}
	for _, n := range strings.Split(set.only, ",") {
		want[strings.TrimSuffix(strings.TrimSpace(n), ".yaml")] = n != ""
	}
	names := map[string]bool{}
	var picked []*scenario.Scenario
	for _, s := range all {
		names[s.Name] = true
		if set.only == "" || want[s.Name] {
			picked = append(picked, s)
		}
	}
	for n, ok := range want {
		if ok && !names[n] {
			return nil, usageError(fmt.Errorf("--scenarios: no scenario %q%s", n, otherCommand(other[n], set.containers)))
		}
	}
	switch {
	case set.det != "" && !names[set.det]:
		return nil, usageError(fmt.Errorf("--determinism: no scenario %q%s", set.det, otherCommand(other[set.det], set.containers)))
	case set.det != "" && set.only != "" && !want[set.det]:
		return nil, usageError(fmt.Errorf("--determinism: scenario %q is not among --scenarios (add it, or --determinism '' to skip)", set.det))
	}
	return picked, nil
}

func otherCommand(isOther, containers bool) string {
	switch {
	case !isOther:
		return ""
	case containers:
		return " here: it needs no container engine, `hangar chaos` runs it"
	}
	return " here: it needs a container engine, `hangar chaos-containers` runs it"
}

// chaosScenarios loads the shipped scenarios, or dir/*.yaml, and keeps the
// ones whose NeedsContainerEngine is containers; other holds the names of
// the rest.
func chaosScenarios(dir string, containers bool) (keep []*scenario.Scenario, other map[string]bool, err error) {
	all, err := loadChaosScenarios(dir)
	if err != nil {
		return nil, nil, err
	}
	other = map[string]bool{}
	for _, s := range all {
		if s.NeedsContainerEngine() == containers {
			keep = append(keep, s)
		} else {
			other[s.Name] = true
		}
	}
	if len(keep) == 0 {
		return nil, nil, fmt.Errorf("no scenario in %s %s", orShipped(dir), engineWord(containers))
	}
	return keep, other, nil
}

func orShipped(dir string) string {
	if dir == "" {
		return "the shipped set"
	}
	return "--scenario-dir " + dir
}

func engineWord(containers bool) string {
	if containers {
		return "needs a container engine"
	}
	return "runs without a container engine"
}

// loadChaosScenarios loads the shipped scenarios, or dir/*.yaml.
func loadChaosScenarios(dir string) ([]*scenario.Scenario, error) {
	if dir == "" {
		return scenarios.All()
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("--scenario-dir %s: no *.yaml files", dir)
	}
	var out []*scenario.Scenario
	for _, f := range files {
		s, err := scenario.Load(f)
		if err == nil {
			err = checkServerArgs(s)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// parallelFlag is --parallel: a positive number, or auto (matrix.Auto).
type parallelFlag int

func (p *parallelFlag) String() string {
	if *p == matrix.Auto {
		return "auto"
	}
	return strconv.Itoa(int(*p))
}

func (p *parallelFlag) Set(s string) error {
	if s == "auto" {
		*p = matrix.Auto
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return fmt.Errorf("want a positive number or auto, got %q", s)
	}
	*p = parallelFlag(n)
	return nil
}
