package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hangarhq/hangar/harness/scenario"
	"github.com/hangarhq/hangar/scenarios"
)

func init() {
	register(command{name: "validate", summary: "check scenario files (plans included) without running them", run: runValidate})
}

// runValidate loads every named scenario strictly and prints "ok FILE" or
// its errors. With no files it validates the embedded scenarios; a name
// that is not a file but is a shipped scenario ("seed-316") validates the
// embedded one.
func runValidate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "[FILE...]", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	embedded := len(files) == 0
	if embedded {
		for _, name := range scenarios.Names() {
			files = append(files, name+".yaml")
		}
	}
	bad := 0
	for _, f := range files {
		label, err := validateOne(f, embedded)
		if err != nil {
			bad++
			fmt.Fprintln(stderr, err)
			continue
		}
		fmt.Fprintf(stdout, "ok %s\n", label)
	}
	if bad > 0 {
		return usageError(fmt.Errorf("%d of %d scenarios invalid", bad, len(files)))
	}
	return nil
}

// validateOne loads one scenario from disk, or from the embedded set when
// asked to or when no such file exists but a shipped scenario has the name.
func validateOne(name string, embedded bool) (label string, err error) {
	if !embedded {
		if _, statErr := os.Stat(name); statErr == nil || !errors.Is(statErr, os.ErrNotExist) || !scenarios.Has(name) {
			_, err = scenario.Load(name)
			return name, err
		}
	}
	_, err = scenarios.Lookup(name)
	return name + " (embedded)", err
}
