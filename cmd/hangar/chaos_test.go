package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/scenarios"
)

// TestChaosSplitsShippedScenarios: `hangar chaos` takes the shipped
// scenarios that need no container engine, `hangar chaos-containers` the
// rest; together they are every shipped scenario, each exactly once.
func TestChaosSplitsShippedScenarios(t *testing.T) {
	var got []string
	for _, containers := range []bool{false, true} {
		cfg, err := chaosConfig("hangar", t.TempDir(), 1, chaosSet{defects: "batch-barrier", containers: containers})
		if err != nil {
			t.Fatalf("containers=%v: %v", containers, err)
		}
		for _, s := range cfg.Scenarios {
			if s.NeedsContainerEngine() != containers {
				t.Errorf("containers=%v picked %s (NeedsContainerEngine %v)", containers, s.Name, !containers)
			}
			got = append(got, s.Name)
		}
	}
	slices.Sort(got)
	if want := scenarios.Names(); !slices.Equal(got, want) {
		t.Errorf("chaos + chaos-containers run %v, want every shipped scenario %v", got, want)
	}
}

func TestChaosScenarioOfTheOtherCommand(t *testing.T) {
	tests := []struct {
		name string
		set  chaosSet
		want string
	}{
		{name: "container scenario in chaos", set: chaosSet{only: "container-pause-llm"},
			want: "`hangar chaos-containers` runs it"},
		{name: "plain scenario in chaos-containers", set: chaosSet{only: "seed-316", containers: true},
			want: "`hangar chaos` runs it"},
		{name: "determinism on a container scenario", set: chaosSet{det: "container-pause-llm"},
			want: `--determinism: no scenario "container-pause-llm" here`},
		{name: "unknown", set: chaosSet{only: "nope"}, want: `--scenarios: no scenario "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.set.defects = "batch-barrier"
			_, err := chaosConfig("hangar", t.TempDir(), 1, tt.set)
			if codeOf(err) != exitUsage || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v (exit %d), want a usage error containing %q", err, codeOf(err), tt.want)
			}
		})
	}
}
