package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hangarhq/hangar/internal/placeholder"
)

// Action is a lifecycle action applied to a running target (or, for the
// fake LLM container, to the fake LLM). It is the one action vocabulary:
// scenario timeline steps hold an Action.
type Action string

// Server actions. container_llm.go adds the fake LLM container's Stop,
// Start, Disconnect and Connect.
const (
	Kill    Action = "kill"
	Restart Action = "restart"
	Pause   Action = "pause"
	Resume  Action = "resume"
)

// ErrUnsupported is returned by Target.Do for actions a launcher cannot
// perform (pause in-process, anything on an external target).
var ErrUnsupported = errors.New("not supported by this launcher")

// Spec is what to launch. Each launcher reads the fields its Caps().Accepts
// names; a scenario that sets another is refused before anything starts.
// Strings in Command, Env, URL, AdminURL and Ready.URL may hold
// placeholders (package placeholder) where the launcher accepts them.
type Spec struct {
	// LLMBaseURL is the OpenAI base URL of the fake LLM (…/v1).
	LLMBaseURL string
	// Defects are `hangar server --defects` (Accepts.Defects).
	Defects []string
	// Args are extra `hangar server` flags (Accepts.Args).
	Args []string
	// Env is extra environment (Accepts.Env).
	Env map[string]string
	// DataDir is the server's data directory; the caller creates and
	// removes it (Accepts.DataDir).
	DataDir string
	// URL is the API base URL: an external server's, or a process's
	// (Accepts.URL).
	URL string
	// AdminURL is the metrics and pprof base URL (Accepts.AdminURL).
	AdminURL string
	// ServerBin is the binary with the `server` subcommand (subprocess,
	// container).
	ServerBin string
	// Command is the program and its arguments (Accepts.Command).
	Command []string
	// Ports are names of loopback ports allocated before the first start
	// and kept across restarts (Accepts.Ports).
	Ports []string
	// Ready says when a started process is ready (Accepts.Ready).
	Ready Ready
	// ProxyURL, when set, is the run's refusing egress proxy: the process
	// launcher points HTTP(S)_PROXY at it (Accepts.Egress).
	ProxyURL string
	// Resources limits the server's CPU and memory (Accepts.Resources).
	Resources Resources
	// Log receives the server's output (Accepts.DataDir launchers).
	Log    io.Writer
	Logger *slog.Logger
	// Listen and Dial, when set, are the network of a Caps.Virtual
	// launcher: the server listens and reaches its LLM through them (an
	// in-memory network inside a testing/synctest bubble).
	Listen func(network, addr string) (net.Listener, error)
	Dial   func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Ready is a readiness check: GET URL until it answers one of Status.
type Ready struct {
	URL     string
	Status  []int         // default [200]
	Timeout time.Duration // default ReadyTimeout
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
	// Close stops the target (gracefully, then by force when ctx ends)
	// and releases everything it holds.
	Close(ctx context.Context) error
}

// Placeholding is implemented by targets that rendered launcher
// placeholders (ports and the rest); the harness renders the target's API
// profile (admin URLs, setup requests) with the same values.
type Placeholding interface{ Placeholders() placeholder.Vars }

// Binary is implemented by targets that run a local executable; the
// report names it.
type Binary interface{ Binary() string }

// Launcher starts a Target.
type Launcher interface {
	// Caps says what the launcher can do, known before anything starts.
	Caps() Caps
	Launch(ctx context.Context, s Spec) (Target, error)
}

// Func adapts a function and its capabilities to Launcher.
type Func struct {
	C Caps
	F func(ctx context.Context, s Spec) (Target, error)
}

// Caps implements Launcher.
func (f Func) Caps() Caps { return f.C }

// Launch calls F.
func (f Func) Launch(ctx context.Context, s Spec) (Target, error) { return f.F(ctx, s) }

var (
	mu        sync.RWMutex // guards launchers
	launchers = map[string]Launcher{}
)

// Register makes a launcher available by name; it panics on a duplicate.
func Register(name string, l Launcher) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := launchers[name]; dup {
		panic("launch: duplicate launcher " + name)
	}
	launchers[name] = l
}

// Lookup returns the launcher registered as name.
func Lookup(name string) (Launcher, error) {
	mu.RLock()
	l, ok := launchers[name]
	mu.RUnlock()
	if ok {
		return l, nil
	}
	return nil, fmt.Errorf("launch: no launcher %q (have %s)", name, strings.Join(Names(), ", "))
}

// Names lists registered launchers, sorted: the valid `launch:` values.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(launchers))
	for n := range launchers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Can lists the launchers whose Caps include a, sorted.
func Can(a Action) []string {
	var out []string
	for _, n := range Names() {
		if l, err := Lookup(n); err == nil && l.Caps().Can(a) {
			out = append(out, n)
		}
	}
	return out
}
