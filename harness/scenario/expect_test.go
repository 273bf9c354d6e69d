package scenario

import (
	"slices"
	"testing"

	"github.com/hangarhq/hangar/harness/assert"
)

// TestRegistryExamples: every entry's documented example loads and states
// exactly that entry, so the generated docs show YAML that works.
func TestRegistryExamples(t *testing.T) {
	for _, d := range assert.Defs() {
		t.Run(d.Name, func(t *testing.T) {
			src := "name: example\nduration: 30s\nload: {uploads: {count: 2}}\n" +
				"timeline: [{at: 1s, llm_plan: {rules: []}}]\nexpect:\n  " + d.Example + "\n"
			s, err := Parse("example.yaml", []byte(src))
			if err != nil {
				t.Fatalf("example %q: %v", d.Example, err)
			}
			if got := s.Expect.Names(); !slices.Equal(got, []string{d.Name}) {
				t.Fatalf("example %q states %v, want [%s]", d.Example, got, d.Name)
			}
		})
	}
}

// TestExpectFileOrder: Names keeps the file's order, across and within
// groups; options are not entries.
func TestExpectFileOrder(t *testing.T) {
	src := "name: order\nduration: 30s\nload: {uploads: {count: 2}}\nexpect:\n" +
		"  uploads: {status: [201], p95: 2s}\n  health: {window: 5s, max: 1s, p99: 1s}\n"
	s, err := Parse("order.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"uploads.status", "uploads.p95", "health.max", "health.p99"}
	if got := s.Expect.Names(); !slices.Equal(got, want) {
		t.Fatalf("names %v, want %v", got, want)
	}
	if p, _ := assert.ParamOf[assert.HealthP99Param](s.Expect, "health.p99"); p.Window.String() != "5s" {
		t.Errorf("health.p99 param %+v, want the window read", p)
	}
}

// TestAttaches: the expect checks learn from the launcher's caps, not its
// name, whether it only attaches to a server someone else runs.
func TestAttaches(t *testing.T) {
	tests := []struct {
		launch Launch
		want   bool
	}{
		{launch: "external", want: true},
		{launch: "inprocess"}, {launch: "process"}, {launch: "subprocess"}, {launch: "container"},
		{launch: "nope"}, // reported as an unknown launch, not as external
	}
	for _, tt := range tests {
		t.Run(string(tt.launch), func(t *testing.T) {
			v := &validator{s: &Scenario{Target: Target{Server: Server{Launch: tt.launch}}}}
			if got := v.attaches(); got != tt.want {
				t.Fatalf("attaches() = %v, want %v", got, tt.want)
			}
		})
	}
}
