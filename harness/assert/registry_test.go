package assert

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// TestOrder pins the evaluation (and report) order: the order the
// assertions had before the registry, with uploads.p95 after the other
// upload entries.
func TestOrder(t *testing.T) {
	want := []string{report.AssertHealthP99, report.AssertHealthMax, report.AssertHealthFailures,
		report.AssertUploadsAnsweredWithin, report.AssertUploadsStatus, UploadsP95,
		report.AssertIndexedAllWithin, report.AssertForwardWithin, report.AssertRecoveryWithin,
		report.AssertLeaksGoroutines, report.AssertLLMCallsPerDocument,
		report.AssertResourcesRSS, report.AssertResourcesHeap, report.AssertResourcesGoroutines, report.AssertEgressRefused}
	var got []string
	for _, d := range Defs() {
		got = append(got, d.Name)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Defs() = %v\nwant %v", got, want)
	}
}

func TestGroups(t *testing.T) {
	g, ok := LookupGroup("resources")
	if !ok {
		t.Fatal("no resources group")
	}
	if got := g.Keys(); !slices.Equal(got, []string{"rss_growth", "heap_growth", "goroutine_growth", "warmup"}) {
		t.Errorf("keys = %v", got)
	}
	if got := len(g.Readers("warmup")); got != 3 {
		t.Errorf("warmup readers = %d, want 3", got)
	}
	if g.KeyType("warmup") != reflect.TypeFor[time.Duration]() || g.KeyType("nope") != nil {
		t.Errorf("key types %v %v", g.KeyType("warmup"), g.KeyType("nope"))
	}
	h, _ := LookupGroup("health")
	d, _ := h.Entry("p99")
	p := d.Assemble(map[string]reflect.Value{"p99": reflect.ValueOf(time.Second), "window": reflect.ValueOf(5 * time.Second)})
	if p != (HealthP99Param{Bound: time.Second, Window: 5 * time.Second}) {
		t.Errorf("assembled %#v", p)
	}
}

func TestRegisterRejects(t *testing.T) {
	eval := func(*Input, any) report.Assertion { return report.Assertion{} }
	tests := []struct {
		name string
		give Def
		want string
	}{
		{"no group", Def{Name: "p99", Param: 0, Eval: eval}, "name must be group.key"},
		{"duplicate", Def{Name: report.AssertHealthMax, Param: time.Duration(0), Eval: eval}, "duplicate name"},
		{"no eval", Def{Name: "x.y", Param: 0}, "Param and Eval are required"},
		{"final without doc", Def{Name: "x.y", Param: 0, Eval: eval, Final: func(*Input, any) bool { return true }}, "Final and FinalWhen"},
		{"option type clash", Def{Name: "health.p50", Param: struct {
			B time.Duration `yaml:"p50"`
			W int           `yaml:"window"`
		}{}, Options: []Option{{Key: "window"}}, Eval: eval}, `key "window" is int here but time.Duration in health.p99`},
		{"option is an entry", Def{Name: "health.p50", Param: struct {
			B time.Duration `yaml:"p50"`
			M time.Duration `yaml:"max"`
		}{}, Options: []Option{{Key: "max"}}, Eval: eval}, `key "max" is an entry's own key and an option`},
		{"option without field", Def{Name: "health.p50", Param: struct {
			B time.Duration `yaml:"p50"`
		}{}, Options: []Option{{Key: "window"}}, Eval: eval}, `no field tagged yaml:"window"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tt.want) {
					t.Fatalf("panic %v, want one containing %q", r, tt.want)
				}
				if _, ok := Lookup(tt.give.Name); ok && tt.give.Name != report.AssertHealthMax {
					t.Errorf("%s was registered anyway", tt.give.Name)
				}
			}()
			Register(tt.give)
		})
	}
}

func TestExpectSet(t *testing.T) {
	e := Expect{}.With(report.AssertHealthMax, time.Second).With(report.AssertLeaksGoroutines, LeaksParam{Goroutines: true})
	e.Set(report.AssertHealthMax, 2*time.Second)
	if got := e.Names(); !slices.Equal(got, []string{report.AssertHealthMax, report.AssertLeaksGoroutines}) || e.Len() != 2 {
		t.Errorf("names %v", got)
	}
	if p, ok := ParamOf[time.Duration](e, report.AssertHealthMax); !ok || p != 2*time.Second {
		t.Errorf("param %v %v", p, ok)
	}
	for _, bad := range []func(){
		func() { e.Set("health.p42", time.Second) },
		func() { e.Set(report.AssertHealthMax, 3) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("Set did not panic")
				}
			}()
			bad()
		}()
	}
}
