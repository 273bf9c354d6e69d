package main

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestSubcommandsDocumented: every registered subcommand is in the
// package doc's list, in README's cmd/hangar row, and in a docs/*.md page
// as `hangar NAME`.
func TestSubcommandsDocumented(t *testing.T) {
	docGo := readDoc(t, "doc.go")
	readme := readDoc(t, "../../README.md")
	row := ""
	for l := range strings.Lines(readme) {
		if strings.HasPrefix(l, "| `cmd/hangar` |") {
			row = l
		}
	}
	pages := readme
	for _, p := range globDocs(t) {
		pages += readDoc(t, p)
	}
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !regexp.MustCompile(`(?m)^//\thangar ` + regexp.QuoteMeta(n) + `\s`).MatchString(docGo) {
			t.Errorf("cmd/hangar/doc.go: subcommand %s missing from the list", n)
		}
		if !strings.Contains(row, "`"+n+"`") {
			t.Errorf("README.md: subcommand %s missing from the cmd/hangar row", n)
		}
		if !strings.Contains(pages, "hangar "+n) {
			t.Errorf("README.md and docs/*.md never mention `hangar %s`", n)
		}
	}
}

func readDoc(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func globDocs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("../../docs")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			out = append(out, "../../docs/"+e.Name())
		}
	}
	return out
}
