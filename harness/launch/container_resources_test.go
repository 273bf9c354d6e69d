package launch

import (
	"context"
	"testing"
	"time"

	"github.com/hangarhq/hangar/containers/containerstest"
	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
)

// TestContainerResources: Spec.Resources reaches the engine as the
// container's CPU quota and memory limit, and the server still answers.
func TestContainerResources(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	llm := fakellmtest.NewServer(t, fakellm.Config{})
	give := Resources{CPUs: 0.25, Memory: 128 << 20}
	tg, err := ContainerLauncher.Launch(ctx, Spec{LLMBaseURL: llm.URL() + "/v1", DataDir: t.TempDir(), Resources: give})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close(context.Background())
	info, err := tg.(*containerTarget).c.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.HostConfig.NanoCPUs; got != 250_000_000 {
		t.Errorf("NanoCPUs = %d, want 250000000 (0.25 CPU)", got)
	}
	if got := info.HostConfig.Memory; got != give.Memory {
		t.Errorf("Memory = %d, want %d", got, give.Memory)
	}
	if err := probe(tg.URL()); err != nil {
		t.Errorf("/health of the limited server: %v", err)
	}
}

// TestResourcesIsZero: only a zero Resources leaves the limits unset.
func TestResourcesIsZero(t *testing.T) {
	tests := []struct {
		name string
		give Resources
		want bool
	}{
		{name: "none", give: Resources{}, want: true},
		{name: "cpus", give: Resources{CPUs: 0.5}},
		{name: "memory", give: Resources{Memory: 1 << 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.give.IsZero(); got != tt.want {
				t.Errorf("IsZero() = %v, want %v", got, tt.want)
			}
		})
	}
}
