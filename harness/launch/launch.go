package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
)

// Action is a lifecycle action applied to a running target.
type Action string

// Actions.
const (
	Kill    Action = "kill"
	Restart Action = "restart"
	Pause   Action = "pause"
	Resume  Action = "resume"
)

// ErrUnsupported is returned by Target.Do for actions a launcher cannot
// perform (pause in-process, anything on an external target).
var ErrUnsupported = errors.New("not supported by this launcher")

// Spec is what to launch.
type Spec struct {
	// LLMBaseURL is the OpenAI base URL of the fake LLM (…/v1).
	LLMBaseURL string
	Defects    []string
	// Args are extra `hangar server` flags (subprocess).
	Args []string
	// Env is extra environment (subprocess).
	Env map[string]string
	// DataDir is the server's data directory; the caller creates and
	// removes it.
	DataDir string
	// URL is the external server's base URL.
	URL string
	// ServerBin is the binary with the `server` subcommand (subprocess).
	ServerBin string
	// Resources limits the server's CPU and memory (container only).
	Resources Resources
	// Log receives the server's stderr (subprocess) or log (inprocess).
	Log    io.Writer
	Logger *slog.Logger
}

// Target is a server under test.
type Target interface {
	// URL is the API base URL; stable across restarts.
	URL() string
	// AdminURL is the admin base URL (/metrics, /debug/pprof), "" when
	// the target has none the harness knows.
	AdminURL() string
	// Do applies a lifecycle action; ErrUnsupported when impossible.
	Do(ctx context.Context, a Action) error
	// Supports reports whether Do(a) can work.
	Supports(a Action) bool
	// Close stops the target (gracefully, then by force when ctx ends)
	// and releases everything it holds.
	Close(ctx context.Context) error
}

// Launcher starts a Target.
type Launcher interface {
	Launch(ctx context.Context, s Spec) (Target, error)
}

// LauncherFunc adapts a function to Launcher.
type LauncherFunc func(ctx context.Context, s Spec) (Target, error)

// Launch calls f.
func (f LauncherFunc) Launch(ctx context.Context, s Spec) (Target, error) { return f(ctx, s) }

var (
	mu        sync.RWMutex // guards launchers
	launchers = map[string]Launcher{}
)

// The container launcher lives in container.go; it is registered
// here so its file stays the container owner's.
func init() { Register("container", ContainerLauncher) }

// Register makes a launcher available by name; it panics on a duplicate.
func Register(name string, l Launcher) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := launchers[name]; dup {
		panic("launch: duplicate launcher " + name)
	}
	launchers[name] = l
}

// Get returns the launcher registered as name.
func Get(name string) (Launcher, error) {
	mu.RLock()
	defer mu.RUnlock()
	if l, ok := launchers[name]; ok {
		return l, nil
	}
	return nil, fmt.Errorf("launch: no launcher %q (have %s)", name, strings.Join(Names(), ", "))
}

// Names lists registered launchers, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	var out []string
	for n := range launchers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
