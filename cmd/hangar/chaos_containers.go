package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/hangarhq/hangar/containers"
	"github.com/hangarhq/hangar/harness/matrix"
	"github.com/hangarhq/hangar/server"
)

func init() {
	register(command{name: "chaos-containers", summary: "run the container scenarios against the correct server and each defect, or say why they were skipped", run: runChaosContainers})
}

// Defaults of `hangar chaos-containers`.
const (
	DefaultContainerChaosOut = "out/containers"
	// DefaultContainerParallel matches matrix.DefaultParallel; each run
	// starts one or two containers on a shared engine.
	DefaultContainerParallel = 3
	// EnginePingTimeout bounds the question "does an engine answer?".
	EnginePingTimeout = 10 * time.Second
)

const chaosContainersSynopsis = "[--scenario-dir DIR] [--server-bin PATH] [--out DIR] [--parallel auto|N] [--scenarios a,b] [--defects a,b] [--shard K/N]\n\n" +
	"Without a container engine it prints why the container scenarios were skipped and exits 0;\n" +
	"with " + containers.RequireEnv + "=1 a missing engine is a failure (exit 1)."

func runChaosContainers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("chaos-containers", chaosContainersSynopsis, stderr)
	dir := fs.String("scenario-dir", "", "load DIR/*.yaml instead of the shipped scenarios (those that need a container engine)")
	bin := fs.String("server-bin", "", "static hangar binary put in the image (default: this hangar binary when static, else go build of the current module)")
	out := fs.String("out", DefaultContainerChaosOut, "directory for defect-matrix.md/.json and the runs (under chaos/)")
	par := parallelFlag(DefaultContainerParallel)
	fs.Var(&par, "parallel", "runs at once: a number, or auto (from the CPU headroom)")
	only := fs.String("scenarios", "", "comma-separated scenario names (default: every shipped scenario that needs a container engine)")
	defects := fs.String("defects", strings.Join(server.DefectNames(), ","), "comma-separated defects")
	retries := fs.Int("retries", 1, "re-run a correct-server scenario that failed, and any inconclusive run, up to N times (shown in the matrix; 0: never)")
	shard := fs.String("shard", "", "run only part `K/N` of the matrix (1 ≤ K ≤ N; merge with `hangar matrix merge`)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sh, err := parseShardFlag(*shard)
	if err != nil {
		return err
	}
	if skip, err := engineGate(ctx, stdout); skip || err != nil {
		return err
	}
	cfg, err := chaosConfig(*bin, *out, int(par), chaosSet{only: *only, defects: *defects, dir: *dir, containers: true})
	if err != nil {
		return err
	}
	start := time.Now()
	ref, built, err := ensureImage(ctx, *bin, stderr)
	if err != nil {
		return fmt.Errorf("chaos-containers: %w", err)
	}
	fmt.Fprintf(stderr, "chaos-containers: image %s ready after %.1fs\n", ref, time.Since(start).Seconds())
	if built {
		defer removeImage(context.WithoutCancel(ctx), ref, stderr)
	}
	cfg.Log, cfg.Retries, cfg.Shard = stderr, *retries, sh
	return containerMatrix(ctx, cfg, *out, stdout)
}

// ensureImage builds the image from bin, or from this binary when bin is
// empty and this binary is static (no source tree needed), or else from a
// go build of the current module.
func ensureImage(ctx context.Context, bin string, stderr io.Writer) (string, bool, error) {
	if bin != "" {
		return containers.EnsureImage(ctx, bin, stderr)
	}
	if exe, err := os.Executable(); err == nil {
		ref, built, err := containers.EnsureImage(ctx, exe, stderr)
		if !errors.Is(err, containers.ErrNotStatic) {
			return ref, built, err
		}
	}
	return containers.EnsureImage(ctx, "", stderr)
}

// removeImage deletes the image this run built (a COPY of the binary FROM
// scratch: seconds to build again), so the engine keeps nothing of it.
func removeImage(ctx context.Context, ref string, stderr io.Writer) {
	ctx, cancel := context.WithTimeout(ctx, EnginePingTimeout*3)
	defer cancel()
	if err := containers.RemoveImage(ctx, ref); err != nil {
		fmt.Fprintf(stderr, "chaos-containers: %v\n", err)
		return
	}
	fmt.Fprintf(stderr, "chaos-containers: image %s removed\n", ref)
}

// pingEngine asks the engine; a test seam.
var pingEngine = containers.Ping

// engineGate answers skip=true (with the reason on stdout) when no engine
// answers, or an error when one is required.
func engineGate(ctx context.Context, stdout io.Writer) (skip bool, err error) {
	pctx, cancel := context.WithTimeout(ctx, EnginePingTimeout)
	defer cancel()
	perr := pingEngine(pctx)
	switch {
	case perr == nil:
		return false, nil
	case containers.Required():
		return true, failedError(fmt.Errorf("container scenarios: %s=1 but no container engine answered: %w", containers.RequireEnv, perr))
	}
	fmt.Fprintf(stdout, "container scenarios SKIPPED: no container engine answered (%v); set %s=1 to fail instead\n", perr, containers.RequireEnv)
	return true, nil
}

// containerMatrix runs the matrix and writes it. Only the correct server
// failing a scenario fails the command: a defect no container scenario
// catches is shown, and `hangar chaos` (the shipped scenarios) is where
// every defect must be caught.
func containerMatrix(ctx context.Context, cfg matrix.Config, out string, stdout io.Writer) error {
	m, err := matrix.Run(ctx, cfg)
	if err != nil {
		return fmt.Errorf("chaos-containers: %w", err)
	}
	m.EscapesAllowed = true
	if err := matrix.WriteFiles(out, m); err != nil {
		return err
	}
	return printMatrix(stdout, m)
}
