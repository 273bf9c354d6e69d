package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

func init() {
	register(command{name: "version", summary: "print the build's version and module versions", run: runVersion})
}

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(stdout, "hangar (unknown build)")
		return nil
	}
	fmt.Fprintf(stdout, "hangar %s %s\n", bi.Main.Version, bi.GoVersion)
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "GOEXPERIMENT" || s.Key == "CGO_ENABLED" {
			fmt.Fprintf(stdout, "  %s=%s\n", s.Key, s.Value)
		}
	}
	return nil
}
