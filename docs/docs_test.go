package docs_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated sections of the docs")

// root is the repository root, relative to this package.
const root = ".."

func read(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// section returns the text between `<!-- generated: name -->\n` and
// `<!-- end -->`, and the offsets of that text in doc.
func section(doc, name string) (body string, start, end int, err error) {
	open := "<!-- generated: " + name + " -->\n"
	i := strings.Index(doc, open)
	if i < 0 {
		return "", 0, 0, fmt.Errorf("no %q marker", strings.TrimSpace(open))
	}
	start = i + len(open)
	j := strings.Index(doc[start:], "<!-- end -->")
	if j < 0 {
		return "", 0, 0, fmt.Errorf("marker %q has no <!-- end -->", name)
	}
	return doc[start : start+j], start, start + j, nil
}

// checkGenerated compares the section name of file rel with want; with
// -update it rewrites the section instead.
func checkGenerated(t *testing.T, rel, name, want string) {
	t.Helper()
	doc := read(t, rel)
	got, start, end, err := section(doc, name)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if got == want {
		return
	}
	if !*update {
		t.Errorf("%s: section %q is stale: run go test ./docs -update\n--- want\n%s--- have\n%s", rel, name, want, got)
		return
	}
	out := doc[:start] + want + doc[end:]
	if err := os.WriteFile(filepath.Join(root, rel), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstColumn returns the first cell of every body row of the table whose
// header row starts with `| header |`, backticks trimmed.
func firstColumn(doc, header string) ([]string, error) {
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "| "+header+" |") {
			continue
		}
		var out []string
		for _, row := range lines[i+2:] {
			if !strings.HasPrefix(row, "|") {
				break
			}
			cell := strings.TrimSpace(strings.SplitN(row[1:], "|", 2)[0])
			out = append(out, strings.Trim(cell, "`"))
		}
		return out, nil
	}
	return nil, fmt.Errorf("no table with header %q", header)
}

// pages lists the documents whose links are checked.
func pages(t *testing.T) []string {
	t.Helper()
	md, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	out := []string{"README.md", "CI.md"}
	for _, f := range md {
		out = append(out, filepath.Join("docs", filepath.Base(f)))
	}
	return out
}

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestRelativeLinks: every relative link in README.md, CI.md and docs/*.md
// points at a file or directory that exists.
func TestRelativeLinks(t *testing.T) {
	for _, p := range pages(t) {
		doc := read(t, p)
		for _, m := range linkRE.FindAllStringSubmatch(stripCode(doc), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			path := filepath.Join(root, filepath.Dir(p), target)
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s: link %q: no such file %s", p, m[1], filepath.Clean(filepath.Join(filepath.Dir(p), target)))
			}
		}
	}
}

// stripCode blanks fenced code blocks: a `](x)` inside one is not a link.
func stripCode(doc string) string {
	var b bytes.Buffer
	in := false
	for _, l := range strings.SplitAfter(doc, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			in = !in
			continue
		}
		if !in {
			b.WriteString(l)
		}
	}
	return b.String()
}

// missing returns the names in want that are not in have.
func missing(want, have []string) []string {
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	var out []string
	for _, w := range want {
		if !set[w] {
			out = append(out, w)
		}
	}
	return out
}
