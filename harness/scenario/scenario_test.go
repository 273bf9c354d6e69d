package scenario

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/internal/strictyaml"
)

func ptr[T any](v T) *T { return &v }

func TestLoadFull(t *testing.T) {
	s, err := Load("testdata/valid-full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := Server{
		Launch:  "subprocess",
		Args:    []string{"--log-level", "debug"},
		Defects: []string{"no-llm-deadline", "batch-barrier"},
		Env:     map[string]string{"HANGAR_X": "1"},
	}
	if !reflect.DeepEqual(s.Target.Server, want) {
		t.Errorf("server = %+v, want %+v", s.Target.Server, want)
	}
	wantUploads := Uploads{
		Count: 20, Size: 80 * KiB, Rate: Rate{Freq: 5, Per: time.Second}, Concurrency: 4,
		Timeout: 30 * time.Second, Corpus: Corpus{Kind: CorpusDir, Dir: filepath.Join("testdata", "docs")},
	}
	if s.Load.Uploads != wantUploads {
		t.Errorf("uploads = %+v, want %+v", s.Load.Uploads, wantUploads)
	}
	if p := s.Target.LLM.Plan; p == nil || p.File != filepath.Join("testdata", "plans", "close.yaml") || p.Node == nil ||
		p.Decoded == nil || len(p.Decoded.Rules) != 1 || p.Decoded.Rules[0].Name != "close" {
		t.Errorf("plan = %+v, want one decoded from testdata/plans/close.yaml", p)
	}
	wantSteps := []Step{
		{AfterUploads: ptr(3), Line: 25},
		{At: ptr(20 * time.Second), Line: 26},
		{At: ptr(25 * time.Second), Server: launch.Kill, Line: 27},
		{At: ptr(26 * time.Second), Server: launch.Restart, Line: 28},
	}
	for i, st := range s.Timeline {
		st.LLMPlan = nil
		if !reflect.DeepEqual(st, wantSteps[i]) {
			t.Errorf("timeline[%d] = %+v, want %+v", i, st, wantSteps[i])
		}
	}
	if p := s.Timeline[0].LLMPlan; p == nil || p.Decoded == nil || len(p.Decoded.Rules) != 1 {
		t.Errorf("timeline[0] plan = %+v, want one decoded rule", p)
	}
	if p := s.Timeline[1].LLMPlan; p == nil || p.Decoded == nil || len(p.Decoded.Rules) != 0 {
		t.Errorf("timeline[1] plan = %+v, want an empty decoded plan", p)
	}
	wantExpect := Expect{}.
		With("health.p99", assert.HealthP99Param{Bound: 50 * time.Millisecond, Window: 5 * time.Second}).
		With("health.max", time.Second).With("health.failures", 0).
		With("uploads.answered_within", 30*time.Second).With("uploads.status", []int{201, 503, 504}).
		With("progress.indexed_all_within", time.Minute).With("progress.forward_within", 10*time.Second).
		With("recovery.within", 5*time.Second).
		With("leaks.goroutines", assert.LeaksParam{Goroutines: true}).
		With("llm_calls_per_document.max", 2.5).
		With("resources.rss_growth", assert.RSSGrowth{Bound: 64 * MiB, Warmup: 2 * time.Second}).
		With("resources.heap_growth", assert.HeapGrowth{Bound: 3 * MiB / 2, Warmup: 2 * time.Second}).
		With("resources.goroutine_growth", assert.GoroutineGrowth{Bound: 0, Warmup: 2 * time.Second})
	if got, want := s.Expect.Names(), wantExpect.Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("expect names = %v, want %v", got, want)
	}
	for _, name := range wantExpect.Names() {
		got, _ := s.Expect.Param(name)
		want, _ := wantExpect.Param(name)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("expect %s = %#v, want %#v", name, got, want)
		}
	}
	if s.Probes != (Probes{Health: HealthProbe{50 * time.Millisecond, 500 * time.Millisecond, "/healthz"}, Metrics: MetricsProbe{2 * time.Second}}) {
		t.Errorf("probes = %+v", s.Probes)
	}
}

func TestDefaults(t *testing.T) {
	s, err := Load("testdata/valid-minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Target.Server.Launch != DefaultLaunch || s.Target.LLM.Plan != nil {
		t.Errorf("target = %+v", s.Target)
	}
	want := Uploads{Count: 1, Size: DefaultUploadSize, Concurrency: DefaultConcurrency, Timeout: DefaultUploadTimeout, Corpus: Corpus{Kind: CorpusGenerated}}
	if s.Load.Uploads != want {
		t.Errorf("uploads = %+v, want %+v", s.Load.Uploads, want)
	}
	wantProbes := Probes{Health: HealthProbe{DefaultHealthInterval, DefaultHealthTimeout, ""}, Metrics: MetricsProbe{DefaultMetricsInterval}}
	if s.Probes != wantProbes {
		t.Errorf("probes = %+v, want %+v", s.Probes, wantProbes)
	}
	if s.File != "testdata/valid-minimal.yaml" || len(s.Source) == 0 {
		t.Errorf("file %q, %d source bytes", s.File, len(s.Source))
	}
}

func TestParseFSResolvesInsideFS(t *testing.T) {
	fsys := fstest.MapFS{
		"sc/a.yaml":       {Data: []byte("name: a\nduration: 5s\ntarget: {llm: {plan_file: p.yaml}}\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\n")},
		"sc/p.yaml":       {Data: []byte("rules: []\n")},
		"sc/bad.yaml":     {Data: []byte("name: a\nduration: 5s\ntarget: {llm: {plan_file: ../nope.yaml}}\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\n")},
		"sc/corpus.yaml":  {Data: []byte("name: a\nduration: 5s\nload: {uploads: {count: 1, corpus: {dir: docs}}}\nexpect: {leaks: {goroutines: true}}\n")},
		"sc/docs/x.md":    {Data: []byte("# x\n")},
		"sc/notdir.yaml":  {Data: []byte("name: a\nduration: 5s\nload: {uploads: {count: 1, corpus: {dir: p.yaml}}}\nexpect: {leaks: {goroutines: true}}\n")},
		"sc/toolarge.txt": {Data: make([]byte, maxFileSize+1)},
	}
	tests := []struct {
		name    string
		give    string
		wantErr string
	}{
		{name: "plan file", give: "sc/a.yaml"},
		{name: "corpus dir", give: "sc/corpus.yaml"},
		{name: "missing plan", give: "sc/bad.yaml", wantErr: `sc/bad.yaml:3:27: target.llm.plan_file: cannot read plan file "../nope.yaml": file does not exist`},
		{name: "corpus not dir", give: "sc/notdir.yaml", wantErr: `sc/notdir.yaml:3:36: load.uploads.corpus: corpus dir "p.yaml" is not a directory`},
		{name: "too large", give: "sc/toolarge.txt", wantErr: "read scenario: sc/toolarge.txt: larger than 1048576 bytes"},
		{name: "missing", give: "sc/none.yaml", wantErr: "read scenario: open sc/none.yaml: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseFS(fsys, tt.give)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if s.Target.LLM.Plan != nil && s.Target.LLM.Plan.File != "sc/p.yaml" {
					t.Errorf("plan file %q, want sc/p.yaml", s.Target.LLM.Plan.File)
				}
				return
			}
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("err = %v, want %s", err, tt.wantErr)
			}
		})
	}
}

func TestErrorListUnwraps(t *testing.T) {
	_, err := Parse("x.yaml", []byte("name: x\nbogus: 1\nduraton: 2s\n"))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("err = %v, want an ErrorList of 2", err)
	}
	var one *Error
	if !errors.As(err, &one) || one.Line != 2 || one.Col != 1 || one.Msg != `unknown key "bogus"` {
		t.Fatalf("first error = %+v", one)
	}
}

func TestAliasesAndLimits(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		wantErr string
	}{
		{
			name: "alias reused",
			give: "name: a\nduration: &d 5s\nload: {uploads: {count: 1, timeout: *d}}\nexpect: {leaks: {goroutines: true}}\n",
		},
		{
			name:    "self alias",
			give:    "name: a\nduration: 5s\nload: &l {uploads: *l}\nexpect: {leaks: {goroutines: true}}\n",
			wantErr: `x.yaml:3:11: load.uploads: unknown key "uploads"`,
		},
		{
			name:    "merge key",
			give:    "name: a\nduration: 5s\nbase: &b {count: 1}\n",
			wantErr: "x.yaml:3:1: unknown key \"base\"",
		},
		{
			name:    "merge used",
			give:    "name: a\nduration: 5s\nbase: &b {count: 1}\nload:\n  uploads:\n    <<: *b\n",
			wantErr: "x.yaml:3:1: unknown key \"base\"\nx.yaml:6:5: load.uploads: merge keys (<<) are not supported: write the keys out",
		},
		{
			name:    "non-string key",
			give:    "name: a\n[1]: 2\n",
			wantErr: "x.yaml:2:1: keys must be plain strings, got a list",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.give))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && !strings.HasPrefix(got, tt.wantErr) {
				t.Fatalf("err = %q, want prefix %q", got, tt.wantErr)
			}
		})
	}
}

func TestErrorsCapped(t *testing.T) {
	_, err := Parse("x.yaml", []byte(manyUnknownKeys(strictyaml.MaxErrors+10)))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != strictyaml.MaxErrors {
		t.Fatalf("got %d errors, want %d", len(list), strictyaml.MaxErrors)
	}
}

func manyUnknownKeys(n int) string {
	s := ""
	for i := range n {
		s += "k" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": 1\n"
	}
	return s
}

// TestDefectNamesAreTheServers: the scenario accepts exactly the server's
// defect switches.
func TestDefectNamesAreTheServers(t *testing.T) {
	for _, d := range DefectNames() {
		give := "name: d\nduration: 5s\ntarget: {server: {defects: [" + d + "]}}\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\n"
		s, err := Parse("d.yaml", []byte(give))
		if err != nil || len(s.Target.Server.Defects) != 1 {
			t.Errorf("defect %s: %v", d, err)
		}
	}
	if len(DefectNames()) < 7 {
		t.Errorf("DefectNames() = %v, want at least the seven server defects", DefectNames())
	}
}

func TestPosAndErrorf(t *testing.T) {
	s, err := Load("testdata/valid-full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		give string
		want Pos
	}{
		{give: "target.server.args", want: Pos{Line: 8, Col: 11}},
		{give: "timeline[2].server", want: Pos{Line: 27, Col: 23}},
		{give: "timeline[2].nothing", want: Pos{Line: 27, Col: 5}},
		{give: "nowhere", want: Pos{Line: 1, Col: 1}},
	}
	for _, tt := range tests {
		if got := s.Pos(tt.give); got != tt.want {
			t.Errorf("Pos(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
	if got := s.Errorf("target.server.args", "bad %s", "flag").Error(); got != "testdata/valid-full.yaml:8:11: target.server.args: bad flag" {
		t.Errorf("Errorf = %q", got)
	}
}

// TestLoadProcess: every launch: process key, as decoded.
func TestLoadProcess(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "valid-process.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := Server{
		Launch:   "process",
		URL:      "http://127.0.0.1:{{port.http}}",
		AdminURL: "http://127.0.0.1:{{port.pprof}}",
		Command:  []string{"./bin/server", "--listen", "127.0.0.1:{{port.http}}", "--data", "{{data_dir}}"},
		Env:      map[string]string{"OPENAI_BASE_URL": "{{llm_base_url}}", "LLM_ROOT": "{{llm_url}}", "PROXY": "{{proxy_url}}"},
		Ports:    []string{"http", "pprof"},
		Ready:    &ServerReady{URL: "http://127.0.0.1:{{port.http}}/ready", Status: []int{200, 204}, Timeout: time.Minute},
		Egress:   EgressRefuse,
	}
	if !reflect.DeepEqual(s.Target.Server, want) {
		t.Fatalf("server\n%+v\nwant\n%+v", s.Target.Server, want)
	}
	if got := s.Timeline[0].Server; got != launch.Pause {
		t.Fatalf("step 0 server %q", got)
	}
}
