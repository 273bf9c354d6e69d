package launch

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hangarhq/hangar/containers/containerstest"
	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
)

// TestContainerLauncher drives the container target through every action
// against an in-process fake LLM on the host's loopback, and proves the
// container is gone after Close (the engine listed before and after).
func TestContainerLauncher(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	before, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	llm := fakellmtest.NewServer(t, fakellm.Config{})
	var log syncBuffer
	tg, err := ContainerLauncher.Launch(ctx, Spec{LLMBaseURL: llm.URL() + "/v1", DataDir: t.TempDir(), Log: &log,
		Args: []string{"--cascade-poll-interval", "100ms"}})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			tg.Close(context.Background())
		}
	}()
	id := containerstest.Upload(t, tg.URL(), "a.md", "# A\n\nIndexed before every fault.\n")
	containerstest.WaitStatus(t, ctx, tg.URL(), id, "indexed")
	steps := []struct {
		give   Action
		health error // nil: /health answers; errTimeout; errRefused
	}{
		{Pause, errTimeout},
		{Resume, nil},
		{Kill, errRefused},
		{Restart, nil},
		{Pause, errTimeout},
		{Restart, nil}, // restart thaws a paused server first
	}
	for _, st := range steps {
		if !ContainerCaps.Can(st.give) {
			t.Fatalf("Supports(%s) = false", st.give)
		}
		if err := tg.Do(ctx, st.give); err != nil {
			t.Fatalf("Do(%s): %v", st.give, err)
		}
		if got := classify(probe(tg.URL())); got != st.health {
			t.Errorf("after %s: /health %v, want %v", st.give, got, st.health)
		}
	}
	if doc := containerstest.WaitStatus(t, ctx, tg.URL(), id, "indexed"); doc.DocID != id {
		t.Errorf("after kill and restarts: %+v, want document %s", doc, id)
	}
	if err := tg.Do(ctx, Action("explode")); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Do(explode) = %v, want ErrUnsupported", err)
	}
	closed = true
	if err := tg.Close(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := containerstest.Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left := before.Added(after).Mine(); !left.Empty() {
		t.Errorf("left behind:\n%s", left)
	}
	if !bytes.Contains(log.Bytes(), []byte("hangar server listening")) {
		t.Errorf("server log did not reach Spec.Log: %q", log.Bytes())
	}
}

var (
	errTimeout = errors.New("timeout")
	errRefused = errors.New("refused")
)

func probe(base string) error {
	c := &http.Client{Timeout: time.Second}
	defer c.CloseIdleConnections()
	resp, err := c.Get(base + "/health")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

func classify(err error) error {
	var ne net.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ne) && ne.Timeout():
		return errTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return errRefused
	}
	return err
}

type syncBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}
