package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hangarhq/hangar/harness/matrix"
	"github.com/hangarhq/hangar/scenarios"
	"github.com/hangarhq/hangar/server"
)

func init() {
	register(command{name: "chaos", summary: "run every shipped scenario against the correct server and each defect; print the defect matrix", run: runChaos})
}

const chaosSynopsis = "[--server-bin PATH] [--out DIR] [--parallel N] [--scenarios a,b] [--defects a,b] [--determinism NAME]"

func runChaos(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("chaos", chaosSynopsis, stderr)
	bin := fs.String("server-bin", "", "server binary, built with GOEXPERIMENT=goroutineleakprofile (default: this binary)")
	out := fs.String("out", "out", "directory for defect-matrix.md/.json and the runs (under chaos/)")
	par := fs.Int("parallel", matrix.DefaultParallel, "runs at once")
	only := fs.String("scenarios", "", "comma-separated scenario names (default: all shipped)")
	defects := fs.String("defects", strings.Join(server.DefectNames(), ","), "comma-separated defects")
	det := fs.String("determinism", "seed-316", "scenario run twice with the same seed ('' to skip)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := chaosConfig(*bin, *out, *par, *only, *defects, *det)
	if err != nil {
		return err
	}
	cfg.Log = stderr
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

func chaosConfig(bin, out string, par int, only, defects, det string) (matrix.Config, error) {
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
	names := scenarios.Names()
	if only != "" {
		names = strings.Split(only, ",")
	}
	for _, n := range names {
		s, err := scenarios.Lookup(n)
		if err != nil {
			return cfg, usageError(err)
		}
		cfg.Scenarios = append(cfg.Scenarios, s)
	}
	if det != "" && !scenarios.Has(det) {
		return cfg, usageError(fmt.Errorf("--determinism: no shipped scenario %q", det))
	}
	return cfg, nil
}
