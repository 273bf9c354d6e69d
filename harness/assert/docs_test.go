package assert

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/assertions.md from the registry")

var docFile = filepath.Join("..", "..", "docs", "assertions.md")

// TestAssertionsDoc fails when docs/assertions.md is not what the registry
// generates; -update rewrites it.
func TestAssertionsDoc(t *testing.T) {
	got := Markdown()
	if *update {
		if err := os.WriteFile(docFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(docFile)
	if err != nil {
		t.Fatalf("%v (run go test ./harness/assert -run TestAssertionsDoc -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test ./harness/assert -run TestAssertionsDoc -update", docFile)
	}
}

// TestEveryEntryDocumented: an entry without a doc, an example or option
// docs fails here, before it reaches the generated page.
func TestEveryEntryDocumented(t *testing.T) {
	for _, d := range Defs() {
		if d.Doc == "" || d.Example == "" {
			t.Errorf("%s: Doc and Example are required", d.Name)
		}
		for _, o := range d.Options {
			if o.Doc == "" {
				t.Errorf("%s: option %s has no Doc", d.Name, o.Key)
			}
		}
		if !bytes.Contains(Markdown(), []byte("\n## "+d.Name+"\n")) {
			t.Errorf("%s has no section in the generated page", d.Name)
		}
	}
}
