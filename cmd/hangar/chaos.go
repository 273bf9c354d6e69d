package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hangarhq/hangar/harness/matrix"
	"github.com/hangarhq/hangar/harness/scenario"
	"github.com/hangarhq/hangar/scenarios"
	"github.com/hangarhq/hangar/server"
)

func init() {
	register(command{name: "chaos", summary: "run every shipped scenario against the correct server and each defect; print the defect matrix", run: runChaos})
}

const chaosSynopsis = "[--server-bin PATH] [--out DIR] [--parallel N] [--scenarios a,b] [--defects a,b] [--determinism NAME] [--shard K/N]\n\n" +
	"With --shard K/N it runs the K-th of N parts of the matrix (a fixed 1/N of its cells: CI.md, \"Sharding the matrix\");\n" +
	"`hangar matrix merge` joins the N parts' defect-matrix.json into the whole matrix."

func runChaos(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("chaos", chaosSynopsis, stderr)
	bin := fs.String("server-bin", "", "binary started as `hangar server` (default: this binary)")
	out := fs.String("out", "out", "directory for defect-matrix.md/.json and the runs (under chaos/)")
	par := fs.Int("parallel", matrix.DefaultParallel, "runs at once")
	only := fs.String("scenarios", "", "comma-separated scenario names (default: all shipped)")
	defects := fs.String("defects", strings.Join(server.DefectNames(), ","), "comma-separated defects")
	det := fs.String("determinism", "seed-316", "scenario run twice with the same seed ('' to skip)")
	dir := fs.String("scenario-dir", "", "load DIR/*.yaml instead of the shipped scenarios")
	retries := fs.Int("retries", 1, "re-run a correct-server scenario that failed up to N times (shown in the matrix; 0: never)")
	shard := fs.String("shard", "", "run only part `K/N` of the matrix (1 ≤ K ≤ N; default: all of it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sh, err := parseShardFlag(*shard)
	if err != nil {
		return err
	}
	cfg, err := chaosConfig(*bin, *out, *par, *only, *defects, *det, *dir)
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
	cfg.Scenarios, err = pickScenarios(all, only, det)
	return cfg, err
}

// pickScenarios keeps the scenarios only names (all when ""); the
// determinism scenario must be among them.
func pickScenarios(all []*scenario.Scenario, only, det string) ([]*scenario.Scenario, error) {
	var picked []*scenario.Scenario
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		want[strings.TrimSuffix(strings.TrimSpace(n), ".yaml")] = n != ""
	}
	names := map[string]bool{}
	for _, s := range all {
		names[s.Name] = true
		if only == "" || want[s.Name] {
			picked = append(picked, s)
		}
	}
	for n, ok := range want {
		if ok && !names[n] {
			return nil, usageError(fmt.Errorf("--scenarios: no scenario %q", n))
		}
	}
	switch {
	case det != "" && !names[det]:
		return nil, usageError(fmt.Errorf("--determinism: no scenario %q", det))
	case det != "" && only != "" && !want[det]:
		return nil, usageError(fmt.Errorf("--determinism: scenario %q is not among --scenarios (add it, or --determinism '' to skip)", det))
	}
	return picked, nil
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
