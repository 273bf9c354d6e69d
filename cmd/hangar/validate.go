package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/hangarhq/hangar/harness/profile"
	"io"
	"strings"

	"github.com/hangarhq/hangar/harness/launch"
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
	fs := newFlagSet("validate", "[FILE|NAME...]\n\nChecks each scenario file (or shipped scenario NAME) without running it: keys, values,\nfault plans and server flags. No arguments: every shipped scenario. Exit 2 if any is invalid.", stderr)
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
// asked to or when no such file exists but a shipped scenario has the name,
// then checks what loading alone cannot (the server flags).
//
// A file named *.api.yaml is an API profile and is checked as one.
func validateOne(name string, embedded bool) (string, error) {
	if !embedded && strings.HasSuffix(name, ".api.yaml") {
		_, err := profile.Load(name)
		return name + " (API profile)", err
	}
	var s *scenario.Scenario
	var err error
	if embedded {
		s, err = scenarios.Lookup(name)
	} else {
		s, embedded, err = loadScenario(name)
	}
	label := name
	if embedded {
		label += " (embedded)"
	}
	if err != nil {
		return label, err
	}
	return label, checkServerArgs(s)
}

// checkServerArgs parses the scenario's server args and env exactly as
// `hangar server` would (the launchers that accept args pass both on to it),
// so a typo in a flag is bad input (exit 2) rather than a server that fails
// to start.
func checkServerArgs(s *scenario.Scenario) error {
	sv := s.Target.Server
	if l, err := launch.Lookup(string(sv.Launch)); err != nil || !l.Caps().Accepts.Args {
		return nil
	}
	env := func(k string) (string, bool) { v, ok := sv.Env[k]; return v, ok }
	if _, _, err := serverConfig(sv.Args, env, io.Discard); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			err = errors.New("-h is not a server setting")
		}
		path, what := "target.server.args", "flag list"
		if strings.Contains(err.Error(), "HANGAR_") {
			path, what = "target.server.env", "environment"
		}
		return s.Errorf(path, "hangar server rejects this %s: %v", what, err)
	}
	return nil
}
