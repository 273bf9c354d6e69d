package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file (rerun with -update if intended); got:\n%s", path, firstLines(got, 40))
	}
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

func render(t *testing.T, write func(*bytes.Buffer, *Report) error, r *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenOutputs(t *testing.T) {
	writers := []struct {
		ext   string
		write func(*bytes.Buffer, *Report) error
	}{
		{"junit.xml", func(b *bytes.Buffer, r *Report) error { return WriteJUnit(b, r) }},
		{"summary.txt", func(b *bytes.Buffer, r *Report) error { return WriteSummary(b, r) }},
		{"report.html", func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) }},
		{"report.json", func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) }},
	}
	runs := []struct {
		name string
		give func() *Report
	}{{"failing", failingRun}, {"passing", passingRun}, {"diagnosed", diagnosedRun}, {"inconclusive", inconclusiveRun}}
	for _, run := range runs {
		for _, w := range writers {
			t.Run(run.name+"/"+w.ext, func(t *testing.T) {
				first := render(t, w.write, run.give())
				if second := render(t, w.write, run.give()); !bytes.Equal(first, second) {
					t.Fatal("two renderings of the same report differ")
				}
				golden(t, run.name+"."+w.ext, first)
			})
		}
	}
}

func TestHealthPlotGolden(t *testing.T) {
	svg, err := healthPlot(failingRun())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "failing.health.svg", []byte(svg))
}

func TestHTMLSelfContained(t *testing.T) {
	page := string(render(t, func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) }, failingRun()))
	for _, bad := range []string{"<script", "src=", "@import", "url(", "<link", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	// the only http:// strings are XML namespaces and the report's own URLs
	rest := strings.NewReplacer("http://www.w3.org/", "", "http://127.0.0.1:", "").Replace(page)
	if strings.Contains(rest, "http://") {
		t.Error("page references a network resource")
	}
	if strings.Count(page, "<svg") != 4 {
		t.Errorf("want 4 plots (health, uploads, progress, fakellm), got %d", strings.Count(page, "<svg"))
	}
	verdict, plots := strings.Index(page, "<h2>Verdict</h2>"), strings.Index(page, "<svg")
	if verdict < 0 || verdict > plots {
		t.Error("the verdict table must come before the plots")
	}
	if !strings.Contains(page, "pause &lt;script&gt;") || !strings.Contains(page, "&lt;&amp;&gt;") {
		t.Error("event names and stacks must be escaped")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for _, give := range []*Report{failingRun(), passingRun(), diagnosedRun()} {
		var b bytes.Buffer
		if err := WriteJSON(&b, give); err != nil {
			t.Fatal(err)
		}
		got, err := ReadJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, give) {
			t.Errorf("round trip of %s changed the report:\n got %+v\nwant %+v", give.Scenario.Name, got, give)
		}
	}
}

func TestWriteJSONSetsVersion(t *testing.T) {
	r := passingRun()
	r.FormatVersion = 0
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadJSON(&b); err != nil {
		t.Fatal(err)
	}
}

func TestReadJSONErrors(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "empty", give: "", want: "read report: empty file"},
		{name: "truncated", give: `{"format_version": 1, "scenario": {"name": "x"`, want: "read report: truncated JSON"},
		{name: "syntax", give: "{\n  \"format_version\": 1,\n  \"seed\": x\n}", want: "read report: line 3 col 11: invalid JSON: invalid character 'x' looking for beginning of value"},
		{name: "type", give: "{\"format_version\": 1,\n \"seed\": \"316\"}", want: "read report: line 2 col 15: seed: want int64, got string"},
		{name: "unknown field", give: `{"format_version": 1, "sede": 1}`, want: `read report: json: unknown field "sede"`},
		{name: "not a report", give: `{}`, want: "read report: format_version missing: not a hangar report"},
		{name: "newer", give: `{"format_version": 99}`, want: "read report: format_version 99 is newer than this hangar understands (1)"},
		{name: "no name", give: `{"format_version": 1}`, want: "read report: scenario.name missing"},
		{name: "trailing", give: `{"format_version": 1, "scenario": {"name": "x"}} {}`, want: "read report: line 1 col 50: data after the report object"},
		{name: "bad duration", give: `{"format_version": 1, "scenario": {"name": "x", "duration": "soon"}}`, want: `read report: duration: time: invalid duration "soon"`},
		{name: "bad duration type", give: `{"format_version": 1, "scenario": {"name": "x", "duration": true}}`, want: "read report: duration: want a string like \"1.5s\" or integer nanoseconds, got true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tt.give))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
		})
	}
}

func TestDurationAcceptsNanoseconds(t *testing.T) {
	r, err := ReadJSON(strings.NewReader(`{"format_version": 1, "scenario": {"name": "x", "duration": 1500000000}}`))
	if err != nil || r.Scenario.Duration != sec(1.5) {
		t.Fatalf("got %v, %v", r, err)
	}
}

func TestOutcome(t *testing.T) {
	pass := Assertion{Verdict: VerdictPass}
	fail := Assertion{Verdict: VerdictFail}
	odd := Assertion{Verdict: VerdictError}
	unsure := Assertion{Verdict: VerdictInconclusive}
	xfail := Assertion{Verdict: VerdictFail, ExpectedFailure: true}
	xpass := Assertion{Verdict: VerdictPass, ExpectedFailure: true}
	xunsure := Assertion{Verdict: VerdictInconclusive, ExpectedFailure: true}
	tests := []struct {
		name string
		give Report
		want Verdict
	}{
		{name: "all pass", give: Report{Assertions: []Assertion{pass, pass}}, want: VerdictPass},
		{name: "one fails", give: Report{Assertions: []Assertion{pass, fail}}, want: VerdictFail},
		{name: "not evaluated", give: Report{Assertions: []Assertion{fail, odd}}, want: VerdictError},
		{name: "harness error", give: Report{Error: "boom", Assertions: []Assertion{pass}}, want: VerdictError},
		{name: "nothing checked", give: Report{}, want: VerdictError},
		{name: "inconclusive", give: Report{Assertions: []Assertion{pass, unsure}}, want: VerdictInconclusive},
		{name: "a failure beats inconclusive", give: Report{Assertions: []Assertion{unsure, fail}}, want: VerdictFail},
		{name: "not evaluated beats inconclusive", give: Report{Assertions: []Assertion{unsure, odd}}, want: VerdictError},
		{name: "harness error beats inconclusive", give: Report{Error: "boom", Assertions: []Assertion{unsure}}, want: VerdictError},
		{name: "xfail and inconclusive", give: Report{Assertions: []Assertion{xfail, unsure}}, want: VerdictInconclusive},
		{name: "xpass beats inconclusive", give: Report{Assertions: []Assertion{unsure, xpass}}, want: VerdictFail},
		{name: "inconclusive expected failure", give: Report{Assertions: []Assertion{pass, xunsure}}, want: VerdictInconclusive},
		{name: "xfail only", give: Report{Assertions: []Assertion{pass, xfail}}, want: VerdictPass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.give.Outcome(); got != tt.want {
				t.Fatalf("Outcome() = %s, want %s", got, tt.want)
			}
		})
	}
	if got := failingRun().Failed(); len(got) != 2 || got[0].Name != AssertHealthP99 {
		t.Errorf("Failed() = %+v", got)
	}
	if got := inconclusiveRun().Failed(); len(got) != 1 || got[0].Verdict != VerdictInconclusive {
		t.Errorf("Failed() of an inconclusive run = %+v, want its inconclusive assertion", got)
	}
}

func TestShown(t *testing.T) {
	tests := []struct {
		give Verdict
		xf   bool
		want string
	}{
		{VerdictPass, false, "PASS"},
		{VerdictFail, false, "FAIL"},
		{VerdictError, false, "ERROR"},
		{VerdictInconclusive, false, "INCONCLUSIVE"},
		{VerdictFail, true, "XFAIL"},
		{VerdictPass, true, "XPASS"},
		{VerdictInconclusive, true, "INCONCLUSIVE"},
		{VerdictError, true, "ERROR"},
	}
	for _, tt := range tests {
		a := Assertion{Verdict: tt.give, ExpectedFailure: tt.xf}
		if got := a.Shown(); got != tt.want {
			t.Errorf("Shown(%s, expected failure %v) = %s, want %s", tt.give, tt.xf, got, tt.want)
		}
	}
}

// TestJUnitCases: each verdict maps to one JUnit shape; an inconclusive
// assertion is a skipped case whose message says why, counted as skipped,
// not as a failure or an error.
func TestJUnitCases(t *testing.T) {
	tests := []struct {
		name  string
		give  Assertion
		want  string // the element the case carries, "" none
		count string // the suite's counts
	}{
		{"pass", Assertion{Verdict: VerdictPass}, "", `failures="0" errors="0" time`},
		{"fail", Assertion{Verdict: VerdictFail, Detail: "slow"}, `<failure message="slow" type="assertion">`, `failures="1" errors="0" time`},
		{"error", Assertion{Verdict: VerdictError, Detail: "no probes"}, `<error message="no probes" type="not-evaluated">`, `failures="0" errors="1" time`},
		{"inconclusive", Assertion{Verdict: VerdictInconclusive, Detail: "starved"}, `<skipped message="inconclusive: starved"></skipped>`,
			`failures="0" errors="0" skipped="1" time`},
		{"inconclusive expected failure", Assertion{Verdict: VerdictInconclusive, ExpectedFailure: true, Detail: "starved"},
			`<skipped message="inconclusive: starved"></skipped>`, `failures="0" errors="0" skipped="1" time`},
		{"xfail", Assertion{Verdict: VerdictFail, ExpectedFailure: true, Detail: "slow"}, "", `failures="0" errors="0" time`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.give.Name = AssertHealthP99
			r := &Report{Scenario: ScenarioInfo{Name: "s"}, Assertions: []Assertion{tt.give}}
			out := string(render(t, func(b *bytes.Buffer, r *Report) error { return WriteJUnit(b, r) }, r))
			for _, el := range []string{"<failure", "<error", "<skipped"} {
				if has := strings.Contains(out, el); has != (tt.want != "" && strings.HasPrefix(tt.want, el)) {
					t.Errorf("%s present %v:\n%s", el, has, out)
				}
			}
			if !strings.Contains(out, tt.want) || strings.Count(out, tt.count) != 2 {
				t.Errorf("want %q and suite counts %q twice:\n%s", tt.want, tt.count, out)
			}
		})
	}
}

func TestWriteDirAndReadBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if err := WriteDir(dir, failingRun()); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{JUnitFile, HTMLFile, JSONFile, SummaryFile}; !reflect.DeepEqual(names, want) {
		t.Fatalf("files %v, want %v (no temporaries left)", names, want)
	}
	got, err := ReadDir(dir)
	if err != nil || !reflect.DeepEqual(got, failingRun()) {
		t.Fatalf("ReadDir = %v, %v", got, err)
	}
	if _, err := ReadDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing report.json: err = %v", err)
	}
}

func TestCountTicks(t *testing.T) {
	tests := []struct {
		name     string
		lo, hi   float64
		wantFrom string
		wantTo   string
	}{
		{name: "small", lo: 0, hi: 25, wantFrom: "0", wantTo: "25"},
		{name: "uploads", lo: 0, hi: 201, wantFrom: "0", wantTo: "200"},
		{name: "offset", lo: 3, hi: 9, wantFrom: "4", wantTo: "8"},
	}
	for _, tt := range tests {
		ticks := countTicks{}.Ticks(tt.lo, tt.hi)
		if len(ticks) == 0 || ticks[0].Label != tt.wantFrom || ticks[len(ticks)-1].Label != tt.wantTo || len(ticks) > 12 {
			t.Errorf("%s: ticks %+v", tt.name, ticks)
		}
	}
	for _, give := range [][2]float64{{0, 0.5}, {0, 1e300}, {0, math.Inf(1)}} {
		if ticks := (countTicks{}).Ticks(give[0], give[1]); len(ticks) > 100 {
			t.Errorf("range %v: %d ticks", give, len(ticks))
		}
	}
}

func TestDurationShort(t *testing.T) {
	tests := []struct {
		give Duration
		want string
	}{
		{give: Duration(20662109609), want: "20.662s"},
		{give: Duration(16620983), want: "16.62ms"},
		{give: Duration(1234), want: "1.234µs"},
		{give: Duration(-1500 * time.Millisecond), want: "-1.5s"},
		{give: 0, want: "0s"},
	}
	for _, tt := range tests {
		if got := tt.give.Short(); got != tt.want {
			t.Errorf("%d.Short() = %q, want %q", int64(tt.give), got, tt.want)
		}
	}
}

func TestDiagnosisRendering(t *testing.T) {
	r := diagnosedRun()
	summary := string(render(t, func(b *bytes.Buffer, r *Report) error { return WriteSummary(b, r) }, r))
	want := "diagnosis: unbounded-request-latency (0.90): uploads 3–5 have waited up to 20s while 3 chat calls have hung for up to 19.8s (hang_after_headers)\n" +
		"diagnosis: liveness-behind-work (0.40): 6 health probes failed between 5s and 7.5s while 3 uploads were stuck\n"
	if !strings.Contains(summary, want) {
		t.Errorf("summary lacks the diagnosis lines, top first:\n%s", summary)
	}
	page := string(render(t, func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) }, r))
	why, plots := strings.Index(page, "<h2>Why</h2>"), strings.Index(page, "<svg")
	if why < 0 || why > plots || !strings.Contains(page, "&lt;&amp;&gt;") {
		t.Error("the Why section must come before the plots, escaped")
	}
	junit := string(render(t, func(b *bytes.Buffer, r *Report) error { return WriteJUnit(b, r) }, r))
	if !strings.Contains(junit, "; diagnosis: unbounded-request-latency (0.90): uploads 3–5") {
		t.Error("junit failure message lacks the top class")
	}
	for _, plain := range []*Report{failingRun(), passingRun()} {
		if s := string(render(t, func(b *bytes.Buffer, r *Report) error { return WriteSummary(b, r) }, plain)); strings.Contains(s, "diagnosis") {
			t.Errorf("a report with no diagnosis mentions one:\n%s", s)
		}
	}
}
