package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/hangarhq/hangar/harness/report"
)

func init() {
	register(command{name: "report", summary: "re-render a finished run's report.html, junit.xml and summary", run: runReport})
}

// runReport reads DIR/report.json, rewrites DIR's report.html, junit.xml
// and summary.txt from it, and prints the summary.
func runReport(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", "DIR\n\nRe-renders DIR/report.html, DIR/junit.xml and DIR/summary.txt from DIR/report.json\nand prints the summary.", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError(errors.New("want exactly one run directory"))
	}
	dir := fs.Arg(0)
	r, err := report.ReadDir(dir)
	if err != nil {
		return usageError(err)
	}
	if err := report.Render(dir, r); err != nil {
		return fmt.Errorf("render %s: %w", dir, err)
	}
	if err := report.WriteSummary(stdout, r); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s/{%s,%s,%s}\n", dir, report.HTMLFile, report.JUnitFile, report.SummaryFile)
	return nil
}
