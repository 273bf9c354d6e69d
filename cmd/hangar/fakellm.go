package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hangarhq/hangar/fakellm"
)

func init() {
	register(command{name: "fakellm", summary: "fake OpenAI-compatible LLM with a seeded fault plan", run: runFakellm})
}

// fakellmShutdownTimeout bounds the graceful drain on SIGINT/SIGTERM; hung
// requests are aborted after it.
const fakellmShutdownTimeout = 5 * time.Second

// modelList is a repeatable --model flag.
type modelList []string

func (m *modelList) String() string { return strings.Join(*m, ",") }
func (m *modelList) Set(v string) error {
	if v == "" {
		return errors.New("empty model name")
	}
	*m = append(*m, v)
	return nil
}

func runFakellm(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fakellm", "[--addr HOST:PORT] [--plan plan.yaml] [--seed N] [--model NAME ...] [--embedding-dim N]", stderr)
	addr := fs.String("addr", fakellm.DefaultListenAddr, "listen address (port 0 picks a free port)")
	planPath := fs.String("plan", "", "fault plan file (YAML or JSON); none answers everything normally")
	seed := fs.Int64("seed", 0, "seed for generated content and plan draws (a plan's own seed wins for draws)")
	dim := fs.Int("embedding-dim", fakellm.DefaultEmbeddingDim, "default embedding vector size")
	var models modelList
	fs.Var(&models, "model", "served model name (repeatable; none accepts any name)")
	flagsUsage := fs.Usage
	fs.Usage = func() {
		flagsUsage()
		fmt.Fprintf(stderr, "\nenvironment:\n  GOGC\tthe garbage collector's target; unset, hangar fakellm runs at %d (Go's default: 100)\n", fakellmGCPercent)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dim < 1 {
		return usageError(fmt.Errorf("--embedding-dim %d: must be at least 1", *dim))
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	cfg := fakellm.Config{Addr: *addr, Seed: *seed, Models: models, EmbeddingDim: *dim,
		Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	if *planPath != "" {
		p, err := loadPlanFile(*planPath)
		if err != nil {
			return usageError(err)
		}
		cfg.Plan = p
	}
	return serveFakellm(ctx, cfg, stdout)
}

// loadPlanFile reads and parses a plan; errors read "file:line:col: path: what".
func loadPlanFile(path string) (*fakellm.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	return fakellm.ParsePlanFile(path, data)
}

// fakellmGCPercent is the garbage collector's target (GOGC) `hangar
// fakellm` runs with when GOGC is not set in its environment. The fake's
// live heap is small and bounded (the journal ring, about 4 MB once full),
// and each request leaves about 4 KB of garbage, so at Go's default of 100
// the collector ran about once per thousand requests and its cycles were
// the largest cost a request had beyond net/http's (see docs/fakellm.md,
// "Throughput"). At 400 it runs a quarter as often, for about 12 MB more
// heap. The package itself never changes it: in-process servers (hangar
// run, tests) run under their program's setting.
const fakellmGCPercent = 400

func serveFakellm(ctx context.Context, cfg fakellm.Config, stdout io.Writer) error {
	if _, set := os.LookupEnv("GOGC"); !set {
		defer debug.SetGCPercent(debug.SetGCPercent(fakellmGCPercent))
	}
	srv, err := fakellm.New(cfg)
	if err != nil {
		return usageError(err)
	}
	if err := srv.Start(); err != nil {
		srv.Close()
		return err
	}
	fmt.Fprintf(stdout, "hangar fakellm listening url=%s\n", srv.URL())
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), fakellmShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

var _ flag.Value = (*modelList)(nil)
