package launch

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hangarhq/hangar/containers/containerstest"
)

// TestLLMContainer walks the fake LLM container through every action,
// checking what a client on the host sees after each, and proves the
// container and its network are gone after Close (engine listed before and
// after).
func TestLLMContainer(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	before, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	l, err := LaunchFakeLLMContainer(ctx, FakeLLMSpec{Seed: 7, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			l.Close(context.Background())
		}
	}()
	steps := []struct {
		give   Action
		health error // nil: /health answers; errTimeout; errRefused
	}{
		{Pause, errTimeout},
		{Resume, nil},
		{Disconnect, errRefused},
		{Connect, nil},
		{Stop, errRefused},
		{Start, nil},
		{Pause, errTimeout},
		{Stop, errRefused}, // stop thaws a paused container first
		{Start, nil},
		{Disconnect, errRefused}, // Close removes a disconnected container
	}
	for i, st := range steps {
		if !l.Supports(st.give) {
			t.Fatalf("Supports(%s) = false", st.give)
		}
		if err := l.Do(ctx, st.give); err != nil {
			t.Fatalf("step %d: Do(%s): %v", i, st.give, err)
		}
		if got := classify(probe(l.URL())); !errors.Is(got, st.health) && got != st.health {
			t.Errorf("step %d: after %s: /health %v, want %v", i, st.give, got, st.health)
		}
	}
	for _, a := range []Action{Kill, Restart, Action("explode")} {
		if l.Supports(a) {
			t.Errorf("Supports(%s) = true", a)
		}
		if err := l.Do(ctx, a); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Do(%s) = %v, want ErrUnsupported", a, err)
		}
	}
	closed = true
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left := before.Added(after).Mine(); !left.Empty() {
		t.Errorf("left behind:\n%s", left)
	}
	if len(log.Bytes()) == 0 {
		t.Error("the fake LLM's output did not reach FakeLLMSpec.Log")
	}
}

// TestLLMContainerCloseAfterLostPause: a pause the launcher did not record
// (its caller's context ended after the engine froze the container) and a
// spent context at Close still leave nothing behind. This is what a
// fail-fast stop mid-step looks like.
func TestLLMContainerCloseAfterLostPause(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	before, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l, err := LaunchFakeLLMContainer(ctx, FakeLLMSpec{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.c.Pause(ctx); err != nil { // behind the launcher's back
		l.Close(context.Background())
		t.Fatal(err)
	}
	spent, stop := context.WithCancel(context.Background())
	stop()
	if err := l.Close(spent); err != nil {
		t.Errorf("Close with a spent context: %v", err)
	}
	after, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left := before.Added(after).Mine(); !left.Empty() {
		t.Errorf("left behind:\n%s", left)
	}
}
