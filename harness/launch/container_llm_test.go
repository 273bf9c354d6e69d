package launch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hangarhq/hangar/containers/containerstest"
)

// TestFakeLLMContainerFromStaticBinary: given a static hangar binary (what
// `hangar run` passes: its own), the launcher puts that binary in the
// image, tagged by its hash, and compiles nothing: PATH is empty, so a
// `go build` could not run. The binary is built here the way the image
// package would build it, so the tag is the one other packages' tests use
// (and pruning, which keeps one hangar image, removes none of theirs). It
// is the first test of the package (first file, first function), so the
// process has no image cached yet and the build path is the real one.
func TestFakeLLMContainerFromStaticBinary(t *testing.T) {
	containerstest.RequireEngine(t)
	if testing.Short() {
		t.Skip("builds a static hangar binary")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := staticHangar(t, ctx)
	t.Setenv("HANGAR_IMAGE", "")
	t.Setenv("HANGAR_BINARY", "")
	t.Setenv("PATH", "")
	l, err := LaunchFakeLLMContainer(ctx, FakeLLMSpec{Seed: 5, Bin: bin})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close(context.Background())
	info, err := l.c.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := "hangar:dev-" + sha12(t, bin); info.Config.Image != want {
		t.Errorf("container runs image %s, want %s (the given binary's)", info.Config.Image, want)
	}
	if err := classify(probe(l.URL())); err != nil {
		t.Errorf("/health: %v", err)
	}
	if ref, from, err := ContainerImage(ctx, bin); err != nil || ref != info.Config.Image || from != bin {
		t.Errorf("ContainerImage = %s from %s, %v; want %s from %s", ref, from, err, info.Config.Image, bin)
	}
}

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

// staticHangar builds cmd/hangar with CGO_ENABLED=0, as the image package
// does (same flags, same bytes).
func staticHangar(t *testing.T, ctx context.Context) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hangar")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-o", bin, "github.com/hangarhq/hangar/cmd/hangar")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func sha12(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:12]
}
