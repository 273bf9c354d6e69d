package matrix

import (
	"encoding/json"
	"flag"
	"os"
	"slices"
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

// checkGolden compares got with the golden file (rewritten with -update).
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("markdown differs from %s (run with -update):\n%s", golden, got)
	}
}

func TestWriteMarkdownGolden(t *testing.T) {
	var b strings.Builder
	if err := WriteMarkdown(&b, diagnosedSample()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/defect-matrix.md", b.String())
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
	checkGolden(t, "testdata/defect-matrix-shard.md", b.String())
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

// TestRetries: a correct-server cell that failed and any cell that was
// inconclusive are re-run up to Retries times; a cell that stays
// inconclusive is neither caught nor passed; a correct-server one fails
// the matrix naming it (without being taken for a correct server that
// failed), a defect one only where its defect then escaped.
func TestRetries(t *testing.T) {
	const escaped = "defect d3 escaped every scenario"
	tooLoaded := func(ids string) string {
		return "inconclusive " + ids + ": the machine was too loaded to judge them (the harness itself was starved of CPU in every " +
			"health window, so a slow target could not be told from a starved harness); re-run them on a quieter machine"
	}
	tests := []struct {
		name         string
		starved      map[string]int
		broken       map[string]bool
		retries      int
		cell         string
		wantVerdict  report.Verdict
		wantAttempts int
		wantCaughtD1 []string
		wantProblems []string
	}{
		{name: "flaky correct server passes on the re-run", retries: 1, cell: "b/correct", wantVerdict: report.VerdictPass, wantAttempts: 2,
			wantCaughtD1: []string{"d", "a"}, wantProblems: []string{escaped}},
		{name: "broken correct server fails", broken: set("c/correct"), retries: 1, cell: "c/correct", wantVerdict: report.VerdictFail, wantAttempts: 2,
			wantCaughtD1: []string{"d", "a"}, wantProblems: []string{"correct server fail c: uploads.answered_within (fail): c/correct attempt 2", escaped}},
		{name: "a defect cell caught when no longer starved", starved: map[string]int{"a/d1": 1}, retries: 1, cell: "a/d1",
			wantVerdict: report.VerdictFail, wantAttempts: 2, wantCaughtD1: []string{"d", "a"}, wantProblems: []string{escaped}},
		{name: "a defect cell that stays inconclusive is not caught", starved: map[string]int{"a/d1": -1}, retries: 2, cell: "a/d1",
			wantVerdict: report.VerdictInconclusive, wantAttempts: 3, wantCaughtD1: []string{"d"}, wantProblems: []string{escaped}},
		{name: "without retries an inconclusive cell stays so", starved: map[string]int{"a/d1": 1}, cell: "a/d1",
			wantVerdict: report.VerdictInconclusive, wantAttempts: 1, wantCaughtD1: []string{"d"},
			wantProblems: []string{"correct server fail b: uploads.answered_within (fail): b/correct attempt 1", escaped}},
		{name: "a passing defect cell passes when no longer starved", starved: map[string]int{"d/d3": 1}, retries: 1, cell: "d/d3",
			wantVerdict: report.VerdictPass, wantAttempts: 2, wantCaughtD1: []string{"d", "a"}, wantProblems: []string{escaped}},
		{name: "correct server inconclusive", starved: map[string]int{"c/correct": -1}, retries: 1, cell: "c/correct",
			wantVerdict: report.VerdictInconclusive, wantAttempts: 2, wantCaughtD1: []string{"d", "a"}, wantProblems: []string{escaped, tooLoaded("c/correct")}},
		{name: "a defect whose catches were all inconclusive did not escape for sure", starved: map[string]int{"d/d1": -1, "a/d1": -1}, retries: 1,
			cell: "d/d1", wantVerdict: report.VerdictInconclusive, wantAttempts: 2,
			wantProblems: []string{"defect d3 escaped every scenario", "defect d1 escaped every scenario that could be judged (inconclusive on d, a)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.starved = tt.starved
			if tt.broken != nil {
				f.broken = tt.broken
			}
			cfg := fakeConfig(f)
			cfg.Retries = tt.retries
			m, err := Run(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			c := m.results()[tt.cell]
			if c.Verdict != tt.wantVerdict || f.attempts[tt.cell] != tt.wantAttempts || len(c.Retried) != tt.wantAttempts-1 {
				t.Fatalf("cell %s: verdict %s after %d attempts (retried %q), want %s after %d", tt.cell, c.Verdict, f.attempts[tt.cell],
					c.Retried, tt.wantVerdict, tt.wantAttempts)
			}
			if c.Inconclusive() && c.Caught() {
				t.Errorf("an inconclusive cell counts as caught")
			}
			if got := m.CaughtBy("d1"); !slices.Equal(got, tt.wantCaughtD1) {
				t.Errorf("CaughtBy(d1) = %q, want %q", got, tt.wantCaughtD1)
			}
			if got := m.Problems(); !slices.Equal(got, tt.wantProblems) {
				t.Errorf("Problems() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.wantProblems, "\n"))
			}
		})
	}
}

// TestWriteMarkdownInconclusiveGolden: an inconclusive cell reads
// INCONCLUSIVE, its attempts are listed, and the matrix fails naming it.
func TestWriteMarkdownInconclusiveGolden(t *testing.T) {
	f := newFake()
	f.starved = map[string]int{"a/d1": -1, "c/d2": 1, "d/correct": -1}
	m, err := Run(t.Context(), fakeConfig(f))
	if err != nil {
		t.Fatal(err)
	}
	m.Elapsed, m.Parallel = 90*time.Second, ""
	var b strings.Builder
	if err := WriteMarkdown(&b, m); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/defect-matrix-inconclusive.md", b.String())
}
