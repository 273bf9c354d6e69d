package matrix

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/report"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func sample() *Matrix {
	pass := func(s string) Cell {
		return Cell{Scenario: s, Defect: Correct, Verdict: report.VerdictPass, Elapsed: 8800 * time.Millisecond}
	}
	caught := func(s, d, why string) Cell {
		return Cell{Scenario: s, Defect: d, Verdict: report.VerdictFail, Failed: []string{why}, Dir: "out/chaos/" + s + "/" + d}
	}
	passed := func(s, d string) Cell { return Cell{Scenario: s, Defect: d, Verdict: report.VerdictPass} }
	return &Matrix{
		Scenarios: []string{"crash-restart", "seed-316"},
		Defects:   []string{"no-lease-expiry", "no-llm-deadline", "batch-barrier"},
		Correct: map[string]Cell{"crash-restart": pass("crash-restart"), "seed-316": {Scenario: "seed-316", Defect: Correct,
			Verdict: report.VerdictPass, Retried: []string{"attempt 1: health.p99 (fail): health p99 411ms in window 1.4s-6.4s (out/chaos/seed-316/correct)"}}},
		Cells: map[string]map[string]Cell{
			"no-lease-expiry": {"crash-restart": caught("crash-restart", "no-lease-expiry", "progress.indexed_all_within (fail): 3 of 30 accepted documents not indexed"),
				"seed-316": passed("seed-316", "no-lease-expiry")},
			"no-llm-deadline": {"crash-restart": passed("crash-restart", "no-llm-deadline"),
				"seed-316": caught("seed-316", "no-llm-deadline", "uploads.answered_within (fail): upload 5 at 166ms: no answer after 30s")},
			"batch-barrier": {"crash-restart": passed("crash-restart", "batch-barrier"), "seed-316": passed("seed-316", "batch-barrier")},
		},
		Determinism: &Determinism{Scenario: "seed-316", Seed: 316, Same: true, Compared: 54, Faulted: 24,
			Summary: "seed-316 seed 316 twice: the same faults on the same request ordinals (24 faulted of 54 compared requests)"},
		Elapsed:  5*time.Minute + 56*time.Second,
		Parallel: "auto: 4 at start, up to 5 at once, 5 at the end (bounds 2-8)",
	}
}

// diagnosedSample is sample with one cell diagnosed right and one wrong.
func diagnosedSample() *Matrix {
	m := sample()
	c := m.Cells["no-lease-expiry"]["crash-restart"]
	c.Diagnosed = &Diagnosed{Class: "orphaned-claims", Confidence: 0.8, Want: "orphaned-claims", Right: true}
	m.Cells["no-lease-expiry"]["crash-restart"] = c
	c = m.Cells["no-llm-deadline"]["seed-316"]
	c.Diagnosed = &Diagnosed{Class: "shared-pool", Confidence: 0.6, Want: "unbounded-request-latency"}
	m.Cells["no-llm-deadline"]["seed-316"] = c
	return m
}

func TestDiagnosisAccuracy(t *testing.T) {
	tests := []struct {
		name string
		m    *Matrix
		want string
	}{
		{"none diagnosed", sample(), "0/2 (0%)"},
		{"one right one wrong", diagnosedSample(), "1/2 (50%)"},
		{"nothing caught", &Matrix{Defects: []string{"batch-barrier"}, Scenarios: []string{"s"}, Cells: map[string]map[string]Cell{}}, "no caught cells"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.DiagnosisAccuracy().String(); got != tt.want {
				t.Fatalf("accuracy %s, want %s", got, tt.want)
			}
		})
	}
	if w := diagnosedSample().DiagnosisAccuracy().Wrong; len(w) != 1 || w[0] != "no-llm-deadline/seed-316: shared-pool" {
		t.Fatalf("wrong = %q", w)
	}
	js, err := json.Marshal(diagnosedSample())
	if err != nil || !strings.Contains(string(js), `"diagnosis_accuracy":{"right":1,"cells":2`) || !strings.Contains(string(js), `"cells":{`) {
		t.Fatalf("json %s: %v", js, err)
	}
}

func TestProblems(t *testing.T) {
	m := sample()
	got := strings.Join(m.Problems(), "\n")
	if got != "defect batch-barrier escaped every scenario" {
		t.Fatalf("Problems() = %q", got)
	}
	m.Correct["seed-316"] = Cell{Verdict: report.VerdictFail, Failed: []string{"health.p99 (fail): x"}}
	if p := m.Problems(); len(p) != 2 || !strings.Contains(p[0], "correct server fail seed-316: health.p99") {
		t.Fatalf("Problems() = %q", p)
	}
	if by := m.CaughtBy("no-lease-expiry"); len(by) != 1 || by[0] != "crash-restart" {
		t.Fatalf("CaughtBy = %v", by)
	}
	// A supplementary matrix shows escapes without failing on them; the
	// correct server still decides.
	m.EscapesAllowed = true
	if p := m.Problems(); len(p) != 1 || !strings.Contains(p[0], "correct server fail seed-316") {
		t.Fatalf("Problems() with EscapesAllowed = %q", p)
	}
	m.Correct["seed-316"] = Cell{Verdict: report.VerdictPass}
	var b strings.Builder
	if err := WriteMarkdown(&b, m); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "defects these scenarios do not catch are shown, not failed") || strings.Contains(b.String(), "every defect was caught") {
		t.Fatalf("markdown with EscapesAllowed claims every defect was caught:\n%s", b.String())
	}
}

func TestWriteMarkdownGolden(t *testing.T) {
	var b strings.Builder
	if err := WriteMarkdown(&b, diagnosedSample()); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/defect-matrix.md"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Fatalf("markdown differs from %s (run with -update):\n%s", golden, b.String())
	}
}

// TestWriteMarkdownShardGolden: a shard's Markdown says which part it is,
// marks other shards' cells `-` and claims nothing about escapes.
func TestWriteMarkdownShardGolden(t *testing.T) {
	cfg := fakeConfig(newFake())
	cfg.Shard = Shard{2, 3}
	m, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Elapsed = 90 * time.Second
	var b strings.Builder
	if err := WriteMarkdown(&b, m); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/defect-matrix-shard.md"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Fatalf("markdown differs from %s (run with -update):\n%s", golden, b.String())
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFiles(dir, sample()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{MarkdownFile, JSONFile} {
		if fi, err := os.Stat(dir + "/" + f); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func entries(spec ...string) []fakellm.JournalEntry {
	// spec: "endpoint/ordinal/rule" in arrival order
	var out []fakellm.JournalEntry
	for i, s := range spec {
		f := strings.Split(s, "/")
		n := 0
		for _, c := range f[1] {
			n = n*10 + int(c-'0')
		}
		out = append(out, fakellm.JournalEntry{Seq: int64(i + 1), Endpoint: f[0], Ordinal: n, Rule: f[2]})
	}
	return out
}

func TestDeterminismCompare(t *testing.T) {
	a := entries("chat/1/", "chat/2/cut", "embeddings/1/", "chat/3/", "chat/1/", "chat/2/")
	tests := []struct {
		name     string
		b        []fakellm.JournalEntry
		wantSame bool
		want     string
	}{
		{"same faults, other interleaving", entries("chat/1/", "embeddings/1/", "chat/2/cut", "chat/3/", "chat/1/"), true,
			"the same faults on the same request ordinals (1 faulted of 5 compared requests)"},
		{"fault moved", entries("chat/1/cut", "chat/2/", "chat/3/", "chat/1/"), false, `plan 1 chat #1: "" vs "cut"`},
		{"no faults", entries("chat/1/"), false, "nothing proven"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Determinism{Scenario: "s", Seed: 1}
			base := a
			if tt.name == "no faults" {
				base = entries("chat/1/")
			}
			compare(d, placed(append([]fakellm.JournalEntry(nil), base...)), placed(tt.b))
			if d.Same != tt.wantSame || !strings.Contains(d.Summary, tt.want) {
				t.Fatalf("same %v summary %q; want %v containing %q", d.Same, d.Summary, tt.wantSame, tt.want)
			}
		})
	}
}
