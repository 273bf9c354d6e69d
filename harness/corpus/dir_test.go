package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDir(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"b-notes.md":  "intro\n# Real Title\nbody\n",
		"a.txt":       "no heading here\n",
		".hidden.md":  "# hidden\n",
		"c-!!!.md":    "# !!!\n",
		"d-empty.txt": "",
	})
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 4 {
		t.Fatalf("Len = %d, want 4 (hidden files and dirs skipped)", d.Len())
	}
	tests := []struct {
		give      int
		wantTitle string
		wantFile  string
	}{
		{give: 0, wantTitle: "a", wantFile: "a.txt"},
		{give: 1, wantTitle: "Real Title", wantFile: "b-notes.md"},
		{give: 2, wantTitle: "c-!!!", wantFile: "c-!!!.md"},
		{give: 3, wantTitle: "d-empty", wantFile: "d-empty.txt"},
		{give: 4, wantTitle: "a (round 2)", wantFile: "a.txt"},
		{give: 9, wantTitle: "Real Title (round 3)", wantFile: "b-notes.md"},
	}
	for _, tt := range tests {
		doc, err := d.Doc(tt.give)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Title != tt.wantTitle || doc.Filename != tt.wantFile || doc.Category != "" {
			t.Errorf("Doc(%d) = %q %q %q, want %q %q", tt.give, doc.Title, doc.Filename, doc.Category, tt.wantTitle, tt.wantFile)
		}
	}
}

func TestDirErrors(t *testing.T) {
	empty := writeFiles(t, map[string]string{".x": "hidden"})
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "missing", give: filepath.Join(empty, "nope"), want: "corpus dir: open "},
		{name: "no files", give: empty, want: ": no files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewDir(tt.give)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	dir := writeFiles(t, map[string]string{"a.md": "# a\n"})
	d, err := NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "a.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Doc(0); err == nil || !strings.Contains(err.Error(), "a.md") {
		t.Fatalf("vanished file: err = %v", err)
	}
}
