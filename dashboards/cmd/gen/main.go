// Command gen writes hangar's Grafana dashboards as JSON.
//
//	go run ./dashboards/cmd/gen [-out dashboards/grafana/dashboards] [-check] [-list]
//
// With -check it writes nothing and exits 1 when the files in -out differ
// from what the generator produces (the golden test does the same). With
// -list it prints a Markdown summary of every dashboard's panels and
// queries instead (for the README).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hangarhq/hangar/dashboards"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		if errors.Is(err, errDrift) {
			os.Exit(1)
		}
		os.Exit(2)
	}
}

var errDrift = errors.New("generated dashboards differ from the committed files; run go run ./dashboards/cmd/gen")

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", dashboards.DashboardsDir, "directory to write the dashboard JSON files to")
	check := fs.Bool("check", false, "compare with the files in -out instead of writing")
	list := fs.Bool("list", false, "print a Markdown summary of the panels and queries instead of writing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case *list:
		return listMarkdown(stdout)
	case *check:
		return checkDir(*out, stdout)
	}
	paths, err := dashboards.Write(*out)
	for _, p := range paths {
		fmt.Fprintln(stdout, "wrote", p)
	}
	return err
}

func checkDir(dir string, stdout io.Writer) error {
	files, err := dashboards.Render()
	if err != nil {
		return err
	}
	drift := false
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		have, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(have, f.Data) {
			fmt.Fprintln(stdout, "differs:", path)
			drift = true
		}
	}
	if drift {
		return errDrift
	}
	return nil
}
