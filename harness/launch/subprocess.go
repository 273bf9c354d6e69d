package launch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

func init() { Register("subprocess", LauncherFunc(launchSubprocess)) }

// Subprocess timing.
const (
	// ReadyTimeout bounds the wait for the "listening" line.
	ReadyTimeout = 20 * time.Second
	// StopGrace is how long Close waits after SIGTERM before SIGKILL.
	StopGrace = 10 * time.Second
)

// subprocess runs `hangar server` as a child. The first start picks free
// ports; restarts reuse them (listeners set SO_REUSEADDR), so the URLs the
// load driver and probes hold stay valid.
type subprocess struct {
	spec Spec

	mu     sync.Mutex // guards proc, api, adm, paused
	proc   *child
	api    string
	adm    string
	paused bool
}

// child is one running process and the goroutine waiting for it.
type child struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // Wait's error, set before done closes
}

func launchSubprocess(ctx context.Context, s Spec) (Target, error) {
	if s.ServerBin == "" {
		return nil, errors.New("launch subprocess: no server binary (--server-bin)")
	}
	t := &subprocess{spec: s}
	if err := t.start(ctx, "127.0.0.1:0", "127.0.0.1:0"); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *subprocess) args(addr, admin string) []string {
	a := []string{"server", "--addr", addr, "--admin-addr", admin, "--data", t.spec.DataDir,
		"--llm-base-url", t.spec.LLMBaseURL}
	if len(t.spec.Defects) > 0 {
		a = append(a, "--defects", strings.Join(t.spec.Defects, ","))
	}
	return append(a, t.spec.Args...)
}

func (t *subprocess) start(ctx context.Context, addr, admin string) error {
	cmd := exec.Command(t.spec.ServerBin, t.args(addr, admin)...)
	cmd.Env = serverEnv(os.Environ(), t.spec.Env)
	cmd.Stderr = t.spec.Log
	if cmd.Stderr == nil {
		cmd.Stderr = io.Discard
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("launch subprocess: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("launch subprocess: %w", err)
	}
	c := &child{cmd: cmd, done: make(chan struct{})}
	lines := make(chan string, 1)
	go func() { // owned: ends when the child closes stdout (exits)
		readStdout(out, lines)
		c.err = cmd.Wait()
		close(c.done)
	}()
	api, adm, err := awaitReady(ctx, c, lines)
	if err != nil {
		c.kill()
		return fmt.Errorf("launch subprocess %s: %w", t.spec.ServerBin, err)
	}
	t.mu.Lock()
	t.proc, t.api, t.adm, t.paused = c, api, adm, false
	t.mu.Unlock()
	return nil
}

// readStdout forwards the first line and drains the rest, so the child
// never blocks on a full pipe.
func readStdout(r io.Reader, first chan<- string) {
	sc := bufio.NewScanner(r)
	sent := false
	for sc.Scan() {
		if !sent {
			first <- sc.Text()
			sent = true
		}
	}
	close(first)
}

// awaitReady waits for "hangar server listening api=URL admin=URL".
func awaitReady(ctx context.Context, c *child, lines <-chan string) (api, adm string, err error) {
	timer := time.NewTimer(ReadyTimeout)
	defer timer.Stop()
	select {
	case line, ok := <-lines:
		if !ok {
			<-c.done
			return "", "", fmt.Errorf("exited before listening: %v", c.err)
		}
		return parseListening(line)
	case <-timer.C:
		return "", "", fmt.Errorf("no listening line within %s", ReadyTimeout)
	case <-ctx.Done():
		return "", "", ctx.Err()
	}
}

func parseListening(line string) (api, adm string, err error) {
	rest, ok := strings.CutPrefix(line, "hangar server listening ")
	if !ok {
		return "", "", fmt.Errorf("unexpected first line %q", line)
	}
	for _, kv := range strings.Fields(rest) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "api":
			api = v
		case "admin":
			adm = v
		}
	}
	if api == "" || adm == "" {
		return "", "", fmt.Errorf("listening line %q lacks api= or admin=", line)
	}
	return api, adm, nil
}

func (c *child) signal(sig syscall.Signal) error {
	select {
	case <-c.done:
		return errors.New("server process has exited")
	default:
	}
	return c.cmd.Process.Signal(sig)
}

func (c *child) kill() {
	_ = c.cmd.Process.Signal(syscall.SIGCONT) // a stopped process must run to die cleanly
	_ = c.cmd.Process.Kill()
	<-c.done
}

// serverEnv is the server's environment: the harness's own, less every
// HANGAR_* variable (`hangar server` reads each flag from HANGAR_<FLAG>, so
// an exported HANGAR_DEFECTS would silently change the "correct" server),
// plus the scenario's target.server.env.
func serverEnv(base []string, extra map[string]string) []string {
	env := make([]string, 0, len(base)+len(extra))
	for _, kv := range base {
		if !strings.HasPrefix(kv, "HANGAR_") {
			env = append(env, kv)
		}
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+extra[k])
	}
	return env
}
