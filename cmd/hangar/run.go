package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hangarhq/hangar/harness"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
	"github.com/hangarhq/hangar/harness/statusline"
	"github.com/hangarhq/hangar/harness/telemetry"
	"github.com/hangarhq/hangar/internal/loopback"
	"github.com/hangarhq/hangar/scenarios"
	"github.com/hangarhq/hangar/server"
)

func init() {
	register(command{name: "run", summary: "run a scenario against a server and write its report", run: runRun})
}

const runSynopsis = "SCENARIO.yaml|NAME [--out DIR] [--seed N] [--target-url URL] [--defects a,b] [--metrics-addr ADDR] [--server-bin PATH] [--allow-remote]\n\n" +
	"Exit codes: 0 every assertion held, 1 an assertion failed, 2 bad scenario or flags, 3 harness or environment error,\n" +
	"4 inconclusive: nothing failed, but an assertion could not be judged because the harness itself was starved of CPU\n" +
	"(every health.p99 window had its probe loop running late), so the machine was too loaded to tell a slow target\n" +
	"from a starved harness; re-run on a quieter machine."

// runFlags are `hangar run`'s flags.
type runFlags struct {
	out, targetURL, metricsAddr, serverBin, llmAddr, llmURL, logLevel string
	seed                                                              int64
	defects                                                           string
	metricsLinger                                                     time.Duration
	failFast, quiet, allowRemote                                      bool
	set                                                               map[string]bool
}

func bindRunFlags(fs *flag.FlagSet) *runFlags {
	f := &runFlags{}
	fs.StringVar(&f.out, "out", "", "output directory (default out/NAME-TIME)")
	fs.Int64Var(&f.seed, "seed", 0, "override the scenario's seed")
	fs.StringVar(&f.targetURL, "target-url", "", "run against an already running server at URL (launch external)")
	fs.StringVar(&f.defects, "defects", "", "comma-separated server defects, overriding the scenario's (listed by hangar server -h)")
	fs.StringVar(&f.metricsAddr, "metrics-addr", "", "serve the harness's own metrics on this loopback address")
	fs.DurationVar(&f.metricsLinger, "metrics-linger", DefaultMetricsLinger, "with --metrics-addr: after the run, keep serving until one more scrape (so the verdicts are seen), at most this long")
	fs.StringVar(&f.serverBin, "server-bin", "", "binary run by the subprocess launcher (default: this hangar binary)")
	fs.StringVar(&f.llmAddr, "llm-addr", "", "fake LLM listen address (default 127.0.0.1:0; fix it for --target-url servers)")
	fs.StringVar(&f.llmURL, "llm-url", "", "use the fake LLM already running at URL (its /admin API) instead of starting one")
	fs.BoolVar(&f.allowRemote, "allow-remote", false, "accept a --target-url or --llm-addr off loopback (printed before the run and named in the report)")
	fs.BoolVar(&f.failFast, "fail-fast", false, "stop at the first assertion that has certainly failed")
	fs.BoolVar(&f.quiet, "quiet", false, "no live status line")
	fs.StringVar(&f.logLevel, "log-level", "warn", "harness log level on stderr: debug, info, warn, error")
	return f
}

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", runSynopsis, stderr)
	f := bindRunFlags(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(fmt.Errorf("want one scenario file or name, got %d arguments", len(pos)))
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	s, _, err := loadScenario(pos[0])
	if err == nil {
		err = checkServerArgs(s)
	}
	if err != nil {
		return usageError(err)
	}
	o, closeMetrics, err := runOptions(f, s, stderr)
	if err != nil {
		return err
	}
	if plan := harness.RemotePlan(o); plan != "" {
		fmt.Fprintf(stderr, "hangar run: %s\n", plan)
	}
	fmt.Fprintf(stderr, "hangar run: %s (seed %d) → %s\n", s.Name, seedOf(o), o.OutDir)
	rep, err := harness.Run(ctx, o)
	closeMetrics(ctx)
	return runResult(rep, err, o.OutDir, stdout)
}

// parseInterspersed parses flags before and after positional arguments
// (`hangar run seed-316 --out DIR`), returning the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// loadScenario reads a scenario file, or the shipped scenario with that
// name when no such file exists.
func loadScenario(arg string) (s *scenario.Scenario, embedded bool, err error) {
	if _, err := os.Stat(arg); err == nil || !errors.Is(err, os.ErrNotExist) || !scenarios.Has(arg) {
		s, err = scenario.Load(arg)
		return s, false, err
	}
	s, err = scenarios.Lookup(arg)
	return s, true, err
}

func seedOf(o harness.Options) int64 {
	if o.Seed != nil {
		return *o.Seed
	}
	return o.Scenario.Seed
}

func runOptions(f *runFlags, s *scenario.Scenario, stderr io.Writer) (harness.Options, func(context.Context), error) {
	if err := checkTargets(f); err != nil {
		return harness.Options{}, nil, err
	}
	o := harness.Options{Scenario: s, OutDir: f.out, TargetURL: f.targetURL, AllowRemote: f.allowRemote, ServerBin: f.serverBin,
		LLMAddr: f.llmAddr, LLMURL: f.llmURL, FailFast: f.failFast, Version: buildVersion()}
	if o.OutDir == "" {
		o.OutDir = filepath.Join("out", s.Name+"-"+time.Now().UTC().Format("20060102-150405"))
	}
	if f.set["seed"] {
		o.Seed = &f.seed
	}
	if f.set["defects"] {
		d, err := server.ParseDefects(f.defects)
		if err != nil {
			return o, nil, usageError(err)
		}
		o.Defects = append([]string{}, d...)
	}
	if o.ServerBin == "" {
		exe, err := os.Executable()
		if err != nil {
			return o, nil, fmt.Errorf("find own binary for --server-bin: %w", err)
		}
		o.ServerBin = exe
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return o, nil, usageError(fmt.Errorf("--log-level: %w", err))
	}
	o.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if !f.quiet {
		o.Status, o.TTY = stderr, statusline.IsTerminal(stderr)
	}
	return withMetrics(o, f.metricsAddr, f.metricsLinger, stderr)
}

// checkTargets refuses URLs and addresses off this machine: hangar only
// targets loopback unless --allow-remote accepts a remote --target-url or a
// fake LLM listening for a remote server (--llm-addr). The fake LLM's
// control URL (--llm-url) stays loopback.
func checkTargets(f *runFlags) error {
	p := loopback.Policy{AllowRemote: f.allowRemote}
	addr := func(s string) error { _, err := p.CheckAddr(s); return err }
	target := func(s string) error { _, err := p.CheckURL(s); return err }
	checks := []struct {
		flag, value string
		check       func(string) error
	}{
		{"--target-url", f.targetURL, target},
		{"--llm-url", f.llmURL, loopback.CheckURL},
		{"--llm-addr", f.llmAddr, addr},
	}
	for _, c := range checks {
		if c.value == "" {
			continue
		}
		if err := c.check(c.value); err != nil {
			if !f.allowRemote && c.flag != "--llm-url" {
				err = fmt.Errorf("%w (--allow-remote accepts it)", err)
			}
			return usageError(fmt.Errorf("%s: %w", c.flag, err))
		}
	}
	return nil
}

// DefaultMetricsLinger bounds the wait for a last scrape of the harness
// metrics: three intervals of the shipped prometheus.yml (5s).
const DefaultMetricsLinger = 15 * time.Second

// withMetrics serves the harness metrics on addr. The returned close func
// first waits (at most linger, or until ctx ends) for one more scrape, so the
// verdicts set at the end of the run reach Prometheus.
func withMetrics(o harness.Options, addr string, linger time.Duration, stderr io.Writer) (harness.Options, func(context.Context), error) {
	if addr == "" {
		return o, func(context.Context) {}, nil
	}
	o.Metrics = telemetry.New()
	srv, err := telemetry.Serve(addr, o.Metrics)
	if err != nil {
		return o, nil, usageError(err)
	}
	fmt.Fprintf(stderr, "hangar run: harness metrics at %s\n", srv.URL())
	return o, func(ctx context.Context) {
		if linger > 0 {
			wctx, cancel := context.WithTimeout(ctx, linger)
			if !srv.WaitScrape(wctx) {
				fmt.Fprintf(stderr, "hangar run: no scrape of the harness metrics within %s after the run; the final verdicts were not collected\n", linger)
			}
			cancel()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Close(ctx)
	}, nil
}

// runResult prints the summary and maps the verdict to an exit code.
func runResult(rep *report.Report, err error, out string, stdout io.Writer) error {
	if rep == nil {
		if errors.Is(err, harness.ErrBadInput) {
			return usageError(err)
		}
		return err
	}
	if werr := report.WriteSummary(stdout, rep); werr != nil && err == nil {
		err = werr
	}
	fmt.Fprintf(stdout, "report: %s\n", filepath.Join(out, report.HTMLFile))
	switch {
	case err != nil:
		return err
	case rep.Outcome() == report.VerdictFail:
		return failedError(errors.New(failedSummary(rep)))
	case rep.Outcome() == report.VerdictInconclusive:
		return inconclusiveError(errors.New("inconclusive, the machine was too loaded to judge: " + failedSummary(rep)))
	case rep.Outcome() != report.VerdictPass:
		return errors.New("some assertions could not be evaluated: " + failedSummary(rep))
	}
	return nil
}

func failedSummary(rep *report.Report) string {
	var parts []string
	for _, a := range rep.Failed() {
		parts = append(parts, fmt.Sprintf("%s %s: %s (measured %s, want %s)", a.Name, a.Verdict, a.Detail, a.Measured, a.Threshold))
	}
	return strings.Join(parts, "; ")
}

// buildVersion is the module version of this binary ("(devel)" for local
// builds) plus the VCS revision when known.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}
