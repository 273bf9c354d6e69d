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

const chaosSynopsis = "[--server-bin PATH] [--out DIR] [--parallel auto|N] [--scenarios a,b] [--defects a,b] [--determinism NAME]"

func runChaos(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("chaos", chaosSynopsis, stderr)
	bin := fs.String("server-bin", "", "binary started as `hangar server` (default: this binary)")
	out := fs.String("out", "out", "directory for defect-matrix.md/.json and the runs (under chaos/)")
	par := parallelFlag(matrix.Auto)
	fs.Var(&par, "parallel", "runs at once: a number, or auto (from the CPU headroom, sampled while the matrix runs)")
	only := fs.String("scenarios", "", "comma-separated scenario names (default: all shipped)")
	defects := fs.String("defects", strings.Join(server.DefectNames(), ","), "comma-separated defects")
	det := fs.String("determinism", "seed-316", "scenario run twice with the same seed ('' to skip)")
	dir := fs.String("scenario-dir", "", "load DIR/*.yaml instead of the shipped scenarios")
	retries := fs.Int("retries", 1, "re-run a correct-server scenario that failed up to N times (shown in the matrix; 0: never)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := chaosConfig(*bin, *out, int(par), *only, *defects, *det, *dir)
	if err != nil {
		return err
	}
	cfg.Log, cfg.Retries = stderr, *retries
	m, err := matrix.Run(ctx, cfg)
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	if err := matrix.WriteFiles(*out, m); err != nil {
		return err
	}
	if err := matrix.WriteMarkdown(stdout, m); err != nil {
		return err
	}
	if p := m.Problems(); len(p) > 0 {
		return failedError(errors.New(strings.Join(p, "; ")))
	}
	return nil
}

func chaosConfig(bin, out string, par int, only, defects, det, dir string) (matrix.Config, error) {
	cfg := matrix.Config{ServerBin: bin, OutDir: out + "/chaos", Parallel: par, Determinism: det, Version: buildVersion()}
	if cfg.ServerBin == "" {
		exe, err := os.Executable()
		if err != nil {
			return cfg, err
		}
		cfg.ServerBin = exe
	}
	d, err := server.ParseDefects(defects)
	if err != nil {
		return cfg, usageError(err)
	}
	cfg.Defects = d
	all, err := chaosScenarios(dir)
	if err != nil {
		return cfg, usageError(err)
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		want[strings.TrimSuffix(strings.TrimSpace(n), ".yaml")] = n != ""
	}
	names := map[string]bool{}
	for _, s := range all {
		names[s.Name] = true
		if only == "" || want[s.Name] {
			cfg.Scenarios = append(cfg.Scenarios, s)
		}
	}
	for n, ok := range want {
		if ok && !names[n] {
			return cfg, usageError(fmt.Errorf("--scenarios: no scenario %q", n))
		}
	}
	if det != "" && !names[det] {
		return cfg, usageError(fmt.Errorf("--determinism: no scenario %q", det))
	}
	return cfg, nil
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

// chaosScenarios loads the shipped scenarios, or dir/*.yaml.
func chaosScenarios(dir string) ([]*scenario.Scenario, error) {
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
