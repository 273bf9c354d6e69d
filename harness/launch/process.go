package launch

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hangarhq/hangar/internal/placeholder"
)

// Process timing.
const (
	// ReadyTimeout is the default bound on the wait for readiness.
	ReadyTimeout = 20 * time.Second
	// StopGrace is how long Close waits after SIGTERM before SIGKILL.
	StopGrace = 10 * time.Second
	// readyPoll is the pause between readiness probes.
	readyPoll = 20 * time.Millisecond
)

// ProcessCaps are the capabilities of launch: process.
var ProcessCaps = Caps{
	Actions: []Action{Kill, Restart, Pause, Resume},
	Accepts: Accepts{Command: true, Env: true, Ports: true, Ready: true, URL: true, AdminURL: true, Egress: true, DataDir: true},
	Leaks:   LeakPprof,

	Placeholders: true,
}

func init() { Register("process", Func{C: ProcessCaps, F: LaunchProcess}) }

// process runs any binary as a child in its own process group. The ports
// and the rendered command, environment and URLs are fixed at launch, so
// restarts keep them and the URLs the load driver holds stay valid.
type process struct {
	run   procSpec
	mu    sync.Mutex // guards child
	child *child
}

// child is one running process group and the goroutine waiting for its
// leader.
type child struct {
	cmd  *exec.Cmd
	pgid int
	done chan struct{} // closed when the leader has exited
	err  error         // Wait's error, set before done closes
}

// LaunchProcess starts s.Command with s.Env, its ports allocated on
// 127.0.0.1, and waits until it is ready.
func LaunchProcess(ctx context.Context, s Spec) (Target, error) {
	ps, err := newProcSpec(s)
	if err != nil {
		return nil, fmt.Errorf("launch process: %w", err)
	}
	t := &process{run: ps}
	if err := t.start(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *process) URL() string      { return t.run.url }
func (t *process) AdminURL() string { return t.run.admin }
func (t *process) Binary() string   { return t.run.command[0] }

// Placeholders are the launcher placeholder values the process was
// started with (launch.Placeholding).
func (t *process) Placeholders() placeholder.Vars { return maps.Clone(t.run.vars) }

func (t *process) start(ctx context.Context) error {
	c, err := t.spawn()
	if err != nil {
		return fmt.Errorf("launch process %s: %w", t.run.command[0], err)
	}
	if err := t.awaitReady(ctx, c); err != nil {
		c.kill()
		return fmt.Errorf("launch process %s: %w", t.run.command[0], err)
	}
	t.mu.Lock()
	t.child = c
	t.mu.Unlock()
	return nil
}

// spawn starts the command in a new process group that dies with the
// harness (Pdeathsig): nothing of it may outlive the run.
func (t *process) spawn() (*child, error) {
	cmd := exec.Command(t.run.command[0], t.run.command[1:]...)
	cmd.Env = t.run.env
	cmd.Stdout, cmd.Stderr = t.run.log, t.run.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, pgid: cmd.Process.Pid, done: make(chan struct{})}
	go func() { // owned: ends when the leader exits
		c.err = cmd.Wait()
		close(c.done)
	}()
	return c, nil
}

// awaitReady polls the readiness URL (or, without one, dials the API
// address) until it answers one of the ready statuses.
func (t *process) awaitReady(ctx context.Context, c *child) error {
	r := t.run.ready
	ctx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	defer client.CloseIdleConnections()
	last := errors.New("no probe yet")
	for {
		err := probeReady(ctx, client, r, t.run.url)
		if err == nil {
			return nil
		}
		if ctx.Err() == nil { // a probe cut short by the deadline says nothing
			last = err
		}
		select {
		case <-c.done:
			return fmt.Errorf("exited before ready: %v", exitText(c.err))
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("not ready within %s (last probe: %v)", r.Timeout, last)
			}
			return ctx.Err()
		case <-time.After(readyPoll):
		}
	}
}

func probeReady(ctx context.Context, client *http.Client, r Ready, api string) error {
	if r.URL == "" {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", hostPort(api))
		if err == nil {
			conn.Close()
		}
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if !slices.Contains(r.Status, resp.StatusCode) {
		return fmt.Errorf("%s answered %d, want %v", r.URL, resp.StatusCode, r.Status)
	}
	return nil
}

func exitText(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// freePorts picks a free 127.0.0.1 port for each name.
func freePorts(names []string) (map[string]int, error) {
	ports := make(map[string]int, len(names))
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for _, n := range names {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("port %s: %w", n, err)
		}
		ls = append(ls, l) // held until all are picked: no two names share one
		ports[n] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}

// procEnv is the child's environment: the harness's own less HANGAR_*
// (serverEnv), the scenario's, then the egress proxy when there is one.
func procEnv(extra map[string]string, proxy string) []string {
	env := serverEnv(os.Environ(), extra)
	if proxy == "" {
		return env
	}
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		env = append(env, k+"="+proxy)
	}
	return append(env, "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")
}

func portString(p int) string { return strconv.Itoa(p) }

// hostPort is the host:port of a URL.
func hostPort(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[:i]
	}
	return u
}
