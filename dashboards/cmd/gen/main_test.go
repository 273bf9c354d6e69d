package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteThenCheck(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if err := run([]string{"-check", "-out", dir}, &out, &errOut); !errors.Is(err, errDrift) {
		t.Fatalf("check of an empty dir: err = %v, want drift", err)
	}
	out.Reset()
	if err := run([]string{"-out", dir}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "wrote "); n != 3 {
		t.Fatalf("wrote %d files, want 3:\n%s", n, out.String())
	}
	if err := run([]string{"-check", "-out", dir}, &out, &errOut); err != nil {
		t.Fatalf("check after write: %v", err)
	}
	path := filepath.Join(dir, "hangar-ingest.json")
	if err := os.WriteFile(path, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run([]string{"-check", "-out", dir}, &out, &errOut); !errors.Is(err, errDrift) || !strings.Contains(out.String(), "differs: "+path) {
		t.Fatalf("check after edit: err = %v, out %q", err, out.String())
	}
}

func TestBadArgs(t *testing.T) {
	var out, errOut bytes.Buffer
	for _, args := range [][]string{{"-nope"}, {"extra"}} {
		if err := run(args, &out, &errOut); err == nil || errors.Is(err, errDrift) {
			t.Errorf("run(%q): err = %v, want a usage error", args, err)
		}
	}
}

// The committed files are what the generator writes (the golden test in
// package dashboards says the same; this checks the command's own path).
func TestCommittedFilesAreCurrent(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"-check", "-out", filepath.Join("..", "..", "grafana", "dashboards")}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
}

func TestList(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"-list"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### Ingest under chaos (`hangar-ingest.json`)", "### Fake LLM", "### Harness runs",
		"| Cascade | Cascade queue depth by status | `sum by (status) (hangar_cascade_queue_depth{status!~\"indexed\\|failed\"})` |",
		"| annotation | Faults active | `hangar_harness_faults_active > 0` |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-list output lacks %q", want)
		}
	}
}
