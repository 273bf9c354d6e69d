// Command hangar is a reproducible load-test and chaos harness for LLM-backed
// ingest servers. See doc.go for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Exit codes shared by every subcommand.
const (
	exitOK      = 0 // success; for `run`, every assertion held
	exitFailed  = 1 // an assertion failed
	exitUsage   = 2 // bad flags, scenario, plan or other input
	exitHarness = 3 // harness or environment error
	// exitInconclusive: `run` only. Nothing failed, but an assertion could
	// not be judged: the harness itself was starved of CPU (health.p99 with
	// every window starved), so the machine was too loaded to tell a slow
	// target from a starved harness. Re-run on a quieter machine.
	exitInconclusive = 4
)

// command is one subcommand. Each lives in its own file and registers itself
// from init, so adding a subcommand never touches this file.
type command struct {
	name    string
	summary string
	// run parses args (without the subcommand name) and does the work.
	// Errors wrapped with usageError, failedError or inconclusiveError
	// choose their exit code;
	// any other error exits with exitHarness.
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("hangar: duplicate command " + c.name)
	}
	commands[c.name] = c
}

// exitError carries an exit code through the error chain.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as bad input (exit 2).
func usageError(err error) error { return &exitError{code: exitUsage, err: err} }

// failedError marks err as a failed assertion (exit 1).
func failedError(err error) error { return &exitError{code: exitFailed, err: err} }

// inconclusiveError marks err as a run that could not be judged (exit 4).
func inconclusiveError(err error) error { return &exitError{code: exitInconclusive, err: err} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and maps its error to an exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "hangar: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "hangar %s: %v\n", c.name, err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitHarness
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: hangar <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'hangar <command> --help' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 assertion failed, 2 bad input or usage, 3 harness or environment error,")
	fmt.Fprintln(w, "4 inconclusive (hangar run: nothing failed, but the harness was starved of CPU, so the machine was too loaded to judge).")
}

// newFlagSet returns a FlagSet that reports errors instead of exiting, with a
// usage line naming the subcommand.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("hangar "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hangar %s %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a parse failure into a usage error.
// It returns flag.ErrHelp unchanged so -h exits 0.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(err)
	}
	return nil
}
