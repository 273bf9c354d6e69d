package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers"
	"github.com/hangarhq/hangar/containers/servercontainer"
)

// ContainerCaps are the capabilities of launch: container.
var ContainerCaps = Caps{
	Image:   true,
	Actions: []Action{Kill, Restart, Pause, Resume},
	Accepts: Accepts{Args: true, Env: true, Defects: true, Resources: true, DataDir: true},
	Leaks:   LeakPprof,
}

// ContainerLauncher starts the server in a container.
var ContainerLauncher Launcher = Func{C: ContainerCaps, F: launchContainer}

func init() { Register("container", ContainerLauncher) }

// Resources are container limits; a zero field leaves that limit unset.
type Resources struct {
	// CPUs is the CPU quota in CPUs (0.25 is a quarter of one).
	CPUs float64
	// Memory is the memory limit in bytes.
	Memory int64
}

// IsZero reports whether no limit is set.
func (r Resources) IsZero() bool { return r.CPUs == 0 && r.Memory == 0 }

// containerTarget runs `hangar server` in a container built from the local
// source (package servercontainer), in the host's network namespace: it
// listens on 127.0.0.1 only, reaches the fake LLM the harness started on
// the host's loopback, and its admin URL (metrics, pprof) works. The data
// dir is bind-mounted and the container runs as the harness's uid:gid, so
// the caller can remove what it wrote. Kill is SIGKILL (docker kill),
// pause freezes the cgroup (docker pause), restart starts the same
// container again on the same data dir and ports.
//
// Ryuk, testcontainers' reaper, is an image that cannot be pulled without a
// registry, so the launcher sets TESTCONTAINERS_RYUK_DISABLED=true when it
// is unset; Close removes the container itself.
type containerTarget struct {
	c *servercontainer.Container

	mu     sync.Mutex // guards paused
	paused bool
}

func launchContainer(ctx context.Context, s Spec) (Target, error) {
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	opts, err := containerOptions(s)
	if err != nil {
		return nil, fmt.Errorf("launch container: %w", err)
	}
	if _, _, err := ContainerImage(ctx, s.ServerBin); err != nil {
		return nil, fmt.Errorf("launch container: %w", err)
	}
	c, err := servercontainer.RunOnHost(ctx, opts...)
	if err != nil {
		if c != nil {
			_ = c.Terminate(context.WithoutCancel(ctx))
		}
		return nil, fmt.Errorf("launch container: %w", err)
	}
	return &containerTarget{c: c}, nil
}

func containerOptions(s Spec) ([]testcontainers.ContainerCustomizer, error) {
	dir, err := filepath.Abs(s.DataDir)
	if err != nil || s.DataDir == "" {
		return nil, fmt.Errorf("data dir %q: must be set (%v)", s.DataDir, err)
	}
	user := strconv.Itoa(os.Getuid()) + ":" + strconv.Itoa(os.Getgid())
	opts := []testcontainers.ContainerCustomizer{
		servercontainer.WithLLM(s.LLMBaseURL),
		servercontainer.WithDataDir(dir),
		servercontainer.WithDefects(s.Defects...),
		servercontainer.WithArgs(s.Args...),
		testcontainers.WithConfigModifier(func(c *container.Config) { c.User = user }),
	}
	if !s.Resources.IsZero() {
		opts = append(opts, servercontainer.WithResources(s.Resources.CPUs, s.Resources.Memory))
	}
	if len(s.Env) > 0 {
		opts = append(opts, testcontainers.WithEnv(s.Env))
	}
	if s.Log != nil {
		opts = append(opts, testcontainers.WithLogConsumers(logWriter{s.Log}))
	}
	return opts, nil
}

// ContainerImage makes the hangar image the container launchers run
// present in the engine and returns its reference and where it came from.
// bin is the harness's hangar binary (`hangar run` passes its own,
// os.Executable()): when it is static it goes into the image as it is,
// with no source tree and no Go toolchain needed; otherwise, or without
// bin, the image comes from $HANGAR_BINARY or a `go build` of the current
// module. HANGAR_IMAGE wins over all of them. Call it before timed work:
// the launchers call it again and find the image ready.
func ContainerImage(ctx context.Context, bin string) (ref, from string, err error) {
	if env := os.Getenv("HANGAR_IMAGE"); env != "" {
		ref, _, err = containers.EnsureImage(ctx, "", io.Discard)
		return ref, "HANGAR_IMAGE", err
	}
	if bin != "" {
		ref, _, err = containers.EnsureImage(ctx, bin, io.Discard)
		if !errors.Is(err, containers.ErrNotStatic) {
			return ref, bin, err
		}
	}
	from = "a go build of the current module"
	if env := os.Getenv("HANGAR_BINARY"); env != "" {
		from = env + " (HANGAR_BINARY)"
	}
	ref, _, gerr := containers.EnsureImage(ctx, "", io.Discard)
	if gerr != nil && err != nil {
		return "", from, fmt.Errorf("%w; and without it: %w", err, gerr)
	}
	return ref, from, gerr
}

// logWriter copies the container's output to the Spec's log.
type logWriter struct{ w io.Writer }

func (l logWriter) Accept(g testcontainers.Log) { _, _ = l.w.Write(g.Content) }

func (t *containerTarget) URL() string      { return t.c.URL() }
func (t *containerTarget) AdminURL() string { return t.c.AdminURL() }

// Do applies a. Restart stops a running container gracefully (SIGTERM,
// StopGrace) and starts it again, waiting until /health answers.
func (t *containerTarget) Do(ctx context.Context, a Action) error {
	var err error
	switch a {
	case Kill:
		err = t.c.Kill(ctx)
	case Pause:
		err = t.c.Pause(ctx)
	case Resume:
		err = t.c.Unpause(ctx)
	case Restart:
		err = t.restart(ctx)
	default:
		return fmt.Errorf("%s: %w", a, ErrUnsupported)
	}
	if err != nil {
		return fmt.Errorf("container %s: %w", a, err)
	}
	t.mu.Lock()
	t.paused = a == Pause
	t.mu.Unlock()
	return nil
}

func (t *containerTarget) restart(ctx context.Context) error {
	if err := t.thaw(ctx); err != nil {
		return err
	}
	if st, err := t.c.State(ctx); err == nil && st.Running {
		grace := StopGrace
		if err := t.c.Stop(ctx, &grace); err != nil {
			return err
		}
	}
	return t.c.Start(ctx)
}

// thaw unpauses a paused container (a paused one can be neither stopped
// gracefully nor removed).
func (t *containerTarget) thaw(ctx context.Context) error {
	t.mu.Lock()
	paused := t.paused
	t.mu.Unlock()
	if st, err := t.c.State(ctx); err == nil { // the engine knows best (a pause may outlive its caller's ctx)
		paused = st.Paused
	}
	if !paused {
		return nil
	}
	if err := t.c.Unpause(ctx); err != nil {
		return err
	}
	t.mu.Lock()
	t.paused = false
	t.mu.Unlock()
	return nil
}

// Close stops the server (SIGTERM, then SIGKILL after StopGrace or when
// ctx ends) and removes the container.
func (t *containerTarget) Close(ctx context.Context) error {
	err := t.thaw(ctx)
	if terr := terminate(ctx, t.c.DockerContainer); terr != nil {
		return fmt.Errorf("close container: %w", terr)
	}
	return err
}

// terminate stops c (SIGTERM, then SIGKILL after StopGrace or when ctx
// ends) and removes it. When that fails, most often because ctx was spent
// before the engine answered, it kills and removes c with CloseTimeout of
// its own: a container is never left behind for want of time.
func terminate(ctx context.Context, c *testcontainers.DockerContainer) error {
	err := c.Terminate(context.WithoutCancel(ctx), testcontainers.StopTimeout(StopGrace), testcontainers.StopContext(ctx))
	if err == nil {
		return nil
	}
	fresh, cancel := context.WithTimeout(context.WithoutCancel(ctx), CloseTimeout)
	defer cancel()
	if ferr := c.Terminate(fresh, testcontainers.StopTimeout(0)); ferr != nil {
		return errors.Join(err, ferr)
	}
	return nil
}
