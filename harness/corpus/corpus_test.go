package corpus

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

func newGen(seed uint64, size int) *Generator {
	return NewGenerator(rand.New(rand.NewPCG(seed, seed)), size)
}

// TestGolden pins the generator's output for one seed: a change in the
// vocabulary or layout shows up as a diff (rerun with -update to accept).
func TestGolden(t *testing.T) {
	g := newGen(316, 2048)
	var got bytes.Buffer
	for i := range 3 {
		d, err := g.Doc(i)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&got, "=== title=%q filename=%q category=%q bytes=%d\n%s", d.Title, d.Filename, d.Category, len(d.Content), d.Content)
	}
	golden := filepath.Join("testdata", "seed-316-2KiB.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("output differs from %s (rerun with -update if intended):\n%s", golden, got.String())
	}
}

func TestSizes(t *testing.T) {
	tests := []struct {
		name string
		give int
		want [2]int // inclusive bounds
	}{
		{name: "below minimum", give: 10, want: [2]int{MinSize - 16, MinSize}},
		{name: "minimum", give: MinSize, want: [2]int{MinSize - 16, MinSize}},
		{name: "1KB", give: 1000, want: [2]int{1000 - 32, 1000}},
		{name: "8KiB", give: 8 << 10, want: [2]int{8<<10 - 32, 8 << 10}},
		{name: "80KiB", give: 80 << 10, want: [2]int{80<<10 - 32, 80 << 10}},
		{name: "1MiB", give: 1 << 20, want: [2]int{1<<20 - 32, 1 << 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGen(7, tt.give)
			for i := range 20 {
				d, _ := g.Doc(i)
				if n := len(d.Content); n < tt.want[0] || n > tt.want[1] {
					t.Fatalf("doc %d: %d bytes, want %d..%d", i, n, tt.want[0], tt.want[1])
				}
				checkDoc(t, d)
			}
		})
	}
}

func checkDoc(t *testing.T, d Document) {
	t.Helper()
	c := string(d.Content)
	switch {
	case !utf8.ValidString(c) || !strings.HasSuffix(c, "\n"):
		t.Fatalf("content not valid UTF-8 text ending in a newline: %q", c)
	case !strings.HasPrefix(c, "# "+d.Title+"\n"):
		t.Fatalf("content does not start with the title heading: %q", c[:min(len(c), 80)])
	case !hasWord(d.Title) || strings.ContainsAny(d.Title, "/\\\x00"):
		t.Fatalf("bad title %q", d.Title)
	case d.Filename != slug(d.Title)+".md" || d.Category == "":
		t.Fatalf("filename %q category %q", d.Filename, d.Category)
	}
}

func TestStructure(t *testing.T) {
	d, _ := newGen(3, 16<<10).Doc(0)
	c := string(d.Content)
	for _, want := range []string{"\n## ", "\n\n", ". "} {
		if !strings.Contains(c, want) {
			t.Errorf("16 KiB document has no %q", want)
		}
	}
	if strings.Count(c, "\n## ") < 3 {
		t.Errorf("want several sections:\n%s", c)
	}
}

// TestDeterministicAndDistinct: the same seed gives the same bytes whatever
// the call order or concurrency; distinct indexes and seeds give distinct
// documents.
func TestDeterministicAndDistinct(t *testing.T) {
	const n = 300
	a, b := newGen(316, 1024), newGen(316, 1024)
	seqDocs := make([]Document, n)
	for i := range n {
		seqDocs[i], _ = a.Doc(i)
	}
	var wg sync.WaitGroup
	parDocs := make([]Document, n)
	for i := n - 1; i >= 0; i-- {
		wg.Go(func() { parDocs[i], _ = b.Doc(i) })
	}
	wg.Wait()
	seen := map[string]int{}
	for i := range n {
		if !bytes.Equal(seqDocs[i].Content, parDocs[i].Content) || seqDocs[i].Title != parDocs[i].Title {
			t.Fatalf("doc %d differs between generators with the same seed", i)
		}
		if j, dup := seen[string(seqDocs[i].Content)]; dup {
			t.Fatalf("docs %d and %d are identical", j, i)
		}
		seen[string(seqDocs[i].Content)] = i
	}
	other, _ := newGen(317, 1024).Doc(0)
	if bytes.Equal(other.Content, seqDocs[0].Content) {
		t.Fatal("seeds 316 and 317 give the same first document")
	}
}

func TestNegativeIndex(t *testing.T) {
	if _, err := newGen(1, 100).Doc(-1); err == nil {
		t.Fatal("no error for index -1")
	}
	if _, err := (&Dir{dir: ".", names: []string{"x"}}).Doc(-1); err == nil {
		t.Fatal("no error for index -1")
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ give, want string }{
		{give: "Cold-Chain Logistics Review 12", want: "cold-chain-logistics-review-12"},
		{give: "  ../etc/passwd  ", want: "etc-passwd"},
		{give: "A  --  B", want: "a-b"},
	}
	for _, tt := range tests {
		if got := slug(tt.give); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
