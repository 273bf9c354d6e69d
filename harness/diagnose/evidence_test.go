package diagnose

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// TestEvidenceCannotSeeDefectsOrScenario walks the Evidence type: no field
// anywhere in it may carry the defect list, the scenario or the target's
// name, so no rule can diagnose from them.
func TestEvidenceCannotSeeDefectsOrScenario(t *testing.T) {
	bad := regexp.MustCompile(`(?i)defect|scenario|target|launch|name`)
	seen := map[reflect.Type]bool{}
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		if strings.Contains(typ.PkgPath(), "scenario") || strings.Contains(typ.PkgPath(), "launch") {
			t.Errorf("%s: type %s comes from %s", path, typ, typ.PkgPath())
		}
		for f := range typ.Fields() {
			if bad.MatchString(f.Name) {
				t.Errorf("%s.%s: evidence must not carry %q", path, f.Name, f.Name)
			}
			walk(path+"."+f.Name, f.Type)
		}
	}
	walk("Evidence", reflect.TypeFor[Evidence]())
	if !seen[reflect.TypeFor[Waiter]()] {
		t.Fatal("the walk did not reach Waiter: it proves nothing")
	}
}

// TestNoGoroutineProfile: without pprof the journal-only rules still run
// and the diagnosis says what was missing (slot-across-retries runs on its
// journal half: failures re-sent at once).
func TestNoGoroutineProfile(t *testing.T) {
	e := &Evidence{At: 20 * time.Second, Stuck: DefaultStuck, Leaked: -1, Missing: []string{"goroutine profile: the target has no pprof URL"},
		Uploads: []Upload{{Index: 4, Start: sec(3), Latency: sec(17), Open: true}},
		LLM:     []LLMRequest{{Seq: 2, Endpoint: "chat", Start: sec(3.1), Duration: sec(16.9), InFlight: true, Action: "hang_after_headers", Retry: -1}}}
	d := Diagnose(e)
	checkTop(t, d, ClassUnboundedLatency)
	want := "not checked without a goroutine profile: batch-barrier, no-deadline-under-lock, shared-pool"
	if !slices.Contains(d.Missing, want) || !slices.Contains(d.Missing, e.Missing[0]) {
		t.Fatalf("missing = %q, want it to contain %q", d.Missing, want)
	}
}

// TestHealthyEvidenceHasNoFinding: a run with nothing stuck names nothing.
func TestHealthyEvidenceHasNoFinding(t *testing.T) {
	first, second := loadDumps(t, "testdata/patterns/orphaned-claims") // an idle program
	e := evidenceFrom(first, second, patternGap, func(e *Evidence) {
		e.Uploads = []Upload{{Index: 0, Start: sec(1), Latency: sec(0.2), Status: 201, DocStatus: "indexed"}}
		e.Probes = []Probe{{At: sec(1), Latency: sec(0.002), OK: true}}
	})
	if d := Diagnose(e); len(d.Findings) != 0 {
		t.Fatalf("want no finding, got %s", lines(d))
	}
}

func TestEveryClassHasARule(t *testing.T) {
	var got []string
	for _, r := range Rules() {
		got = append(got, r.Class)
	}
	if !slices.Equal(got, ClassIDs()) {
		t.Fatalf("rules %v, want one per class %v", got, ClassIDs())
	}
}

func TestIndices(t *testing.T) {
	us := []Upload{{Index: 9}, {Index: 4}, {Index: 5}, {Index: 6}, {Index: 12}}
	if got := indices(us); got != "5–7, 10, 13" {
		t.Fatalf("indices = %q", got)
	}
}

// TestAddReportOpen: an upload is open at the capture when it was sent
// before it and answered after it; one sent after the capture was not
// waiting then, even though it was answered after it.
func TestAddReportOpen(t *testing.T) {
	tests := []struct {
		name         string
		start, lat   time.Duration
		status       int
		open, unansw bool
	}{
		{name: "answered before the capture", start: sec(1), lat: sec(2), status: 201},
		{name: "in flight at the capture", start: sec(5), lat: sec(20), status: 201, open: true, unansw: true},
		{name: "sent after the capture", start: sec(12), lat: sec(1), status: 201},
		{name: "sent after the capture, never answered", start: sec(12), lat: sec(30), unansw: true},
		{name: "never answered, open at the capture", start: sec(2), lat: sec(30), open: true, unansw: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Evidence{At: 10 * time.Second}
			e.AddReport(&report.Report{Uploads: []report.Upload{{Start: report.Duration(tt.start), Latency: report.Duration(tt.lat), Status: tt.status}}})
			u := e.Uploads[0]
			if u.Open != tt.open || u.Unanswered() != tt.unansw {
				t.Fatalf("open %v unanswered %v, want %v %v", u.Open, u.Unanswered(), tt.open, tt.unansw)
			}
		})
	}
}
