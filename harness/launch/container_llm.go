package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"

	"github.com/hangarhq/hangar/containers/fakellmcontainer"
)

// Actions only the fake LLM container offers (with Pause and Resume).
const (
	Stop       Action = "stop"       // docker stop: SIGTERM, the process exits, the port refuses
	Start      Action = "start"      // docker start: the same container again, same URL
	Disconnect Action = "disconnect" // docker network disconnect: the fake LLM cut off
	Connect    Action = "connect"    // docker network connect: the cut healed
)

// CloseTimeout bounds FakeLLMContainer.Close: thaw, stop (StopGrace), remove
// the container and the network.
const CloseTimeout = StopGrace + 20*time.Second

// LLMAlias is the fake LLM container's alias on its network.
const LLMAlias = "llm"

// FakeLLMSpec is what LaunchFakeLLMContainer starts.
type FakeLLMSpec struct {
	// Seed is the fake LLM's --seed.
	Seed int64
	// Log receives the container's output; nil discards it.
	Log io.Writer
	// Bin is the hangar binary put in the image (see ContainerImage):
	// static, it is used as it is; empty or not static, the image is a
	// `go build` of the current module.
	Bin string
}

// FakeLLMContainer is the fake LLM in a container on a user-defined network of
// its own (alias LLMAlias), its port published on 127.0.0.1.
//
// Topology: the server container runs in the host's network namespace
// (its admin listener must bind loopback, and the harness's health, metrics
// and leak checks need it), so it and the harness both reach the fake LLM
// through the published port, URL(). A partition is Disconnect: the fake
// LLM leaves its network, the engine withdraws the published port, and
// every connection to it is refused or reset until Connect puts it back
// (same alias, same host port). Pause freezes it with sockets open: a
// connection is accepted and never answered.
type FakeLLMContainer struct {
	c  *fakellmcontainer.Container
	nw *testcontainers.DockerNetwork

	mu           sync.Mutex // guards paused, disconnected
	paused       bool
	disconnected bool
}

// LaunchFakeLLMContainer makes sure of the image (ContainerImage), creates
// the network and starts the fake LLM on it, waiting until /health answers. On error nothing is left behind.
func LaunchFakeLLMContainer(ctx context.Context, s FakeLLMSpec) (*FakeLLMContainer, error) {
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	if _, _, err := ContainerImage(ctx, s.Bin); err != nil {
		return nil, fmt.Errorf("launch llm container: %w", err)
	}
	nw, err := fakellmcontainer.NewNetwork(ctx)
	if err != nil {
		return nil, fmt.Errorf("launch llm container: %w", err)
	}
	opts := []testcontainers.ContainerCustomizer{
		fakellmcontainer.WithSeed(s.Seed), network.WithNetwork([]string{LLMAlias}, nw),
	}
	if s.Log != nil {
		opts = append(opts, testcontainers.WithLogConsumers(logWriter{s.Log}))
	}
	c, err := fakellmcontainer.Run(ctx, opts...)
	if err != nil {
		cleanup := context.WithoutCancel(ctx)
		if c != nil {
			err = errors.Join(err, c.Terminate(cleanup))
		}
		return nil, errors.Join(fmt.Errorf("launch llm container: %w", err), nw.Remove(cleanup))
	}
	return &FakeLLMContainer{c: c, nw: nw}, nil
}

// URL is the fake LLM's base URL from the host, http://127.0.0.1:PORT.
func (l *FakeLLMContainer) URL() string { return l.c.URL() }

// Network is the name of the fake LLM's network.
func (l *FakeLLMContainer) Network() string { return l.nw.Name }

// Supports reports whether Do(a) can work.
func (l *FakeLLMContainer) Supports(a Action) bool {
	switch a {
	case Pause, Resume, Stop, Start, Disconnect, Connect:
		return true
	}
	return false
}

// Do applies a. Stop thaws a paused container first (a frozen process
// cannot take SIGTERM); Start waits until /health answers again.
func (l *FakeLLMContainer) Do(ctx context.Context, a Action) error {
	var err error
	switch a {
	case Pause:
		err = l.c.Pause(ctx)
	case Resume:
		err = l.c.Unpause(ctx)
	case Stop:
		err = l.stop(ctx)
	case Start:
		err = l.c.Start(ctx)
	case Disconnect:
		err = l.c.Disconnect(ctx, l.nw.Name)
	case Connect:
		err = l.c.Connect(ctx, l.nw.Name, LLMAlias)
	default:
		return fmt.Errorf("llm %s: %w", a, ErrUnsupported)
	}
	if err != nil {
		return fmt.Errorf("llm container %s: %w", a, err)
	}
	l.note(a)
	return nil
}

func (l *FakeLLMContainer) note(a Action) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch a {
	case Pause, Resume:
		l.paused = a == Pause
	case Disconnect, Connect:
		l.disconnected = a == Disconnect
	}
}

func (l *FakeLLMContainer) stop(ctx context.Context) error {
	if err := l.thaw(ctx); err != nil {
		return err
	}
	grace := StopGrace
	return l.c.Stop(ctx, &grace)
}

// thaw unpauses the container when it is paused. It asks the engine,
// not only the last recorded action: a pause whose caller gave up (its
// context ended) may still have frozen the container.
func (l *FakeLLMContainer) thaw(ctx context.Context) error {
	l.mu.Lock()
	paused := l.paused
	l.mu.Unlock()
	if st, err := l.c.State(ctx); err == nil {
		paused = st.Paused
	}
	if !paused {
		return nil
	}
	if err := l.c.Unpause(ctx); err != nil {
		return err
	}
	l.note(Resume)
	return nil
}

// Close removes the container and its network. A paused container is
// thawed first and a disconnected one needs nothing: removal works either
// way. It has CloseTimeout of its own, whatever is left of ctx: the run's
// context may be spent (a fail-fast stop, a server slow to stop) and the
// container must go anyway.
func (l *FakeLLMContainer) Close(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), CloseTimeout)
	defer cancel()
	err := l.thaw(ctx)
	if terr := terminate(ctx, l.c.DockerContainer); terr != nil {
		err = errors.Join(err, fmt.Errorf("close llm container: %w", terr))
	}
	if nerr := l.nw.Remove(ctx); nerr != nil {
		err = errors.Join(err, fmt.Errorf("remove llm network: %w", nerr))
	}
	return err
}
