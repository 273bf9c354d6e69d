package promcheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrNoBinary is returned by Start when the prometheus executable is not
// found; callers skip (or fail, when Prometheus is required) on it.
var ErrNoBinary = errors.New("prometheus binary not found (Debian: apt-get install -y prometheus)")

// startAttempts bounds retries when the free port picked for Prometheus is
// taken by someone else before Prometheus binds it.
const startAttempts = 3

// pollEvery is how often start-up and WaitScrapes poll the HTTP API.
const pollEvery = 50 * time.Millisecond

// Prometheus is a running prometheus process owned by this package.
type Prometheus struct {
	cfg      Config
	dir      string // temp dir holding config and data; removed by Close
	url      string
	cmd      *exec.Cmd
	logs     *tailBuffer
	done     chan struct{} // closed when the process has exited
	waitMu   sync.Mutex    // guards waitErr
	waitErr  error
	client   *http.Client
	once     sync.Once
	closeErr error
}

// Start launches Prometheus for cfg and returns once /-/ready answers 200,
// bounded by cfg.StartTimeout and ctx. On failure nothing is left running
// and the error carries the tail of Prometheus' log.
func Start(ctx context.Context, cfg Config) (*Prometheus, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("promcheck config: %w", err)
	}
	bin, err := exec.LookPath(cfg.Binary)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoBinary, err)
	}
	cfg.Binary = bin
	var lastErr error
	for range startAttempts {
		p, err := startOnce(ctx, cfg)
		if err == nil {
			return p, nil
		}
		lastErr = err
		if !errors.Is(err, errAddrInUse) || ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

var errAddrInUse = errors.New("listen address in use")

func startOnce(ctx context.Context, cfg Config) (*Prometheus, error) {
	dir, err := os.MkdirTemp("", "promcheck-")
	if err != nil {
		return nil, fmt.Errorf("start prometheus: %w", err)
	}
	p := &Prometheus{cfg: cfg, dir: dir, logs: newTailBuffer(64 << 10), done: make(chan struct{}),
		client: &http.Client{Timeout: 10 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}}
	if err := p.launch(); err != nil {
		p.Close()
		return nil, err
	}
	if err := p.waitReady(ctx); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *Prometheus) launch() error {
	conf, err := p.cfg.PrometheusYAML()
	if err != nil {
		return err
	}
	confPath := filepath.Join(p.dir, "prometheus.yml")
	if err := os.WriteFile(confPath, conf, 0o644); err != nil {
		return fmt.Errorf("start prometheus: %w", err)
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		return fmt.Errorf("start prometheus: %w", err)
	}
	p.url = "http://" + addr
	p.cmd = exec.Command(p.cfg.Binary,
		"--config.file="+confPath,
		"--storage.tsdb.path="+filepath.Join(p.dir, "data"),
		"--web.listen-address="+addr,
		"--storage.tsdb.retention.time=1d",
		"--log.level=info",
	)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	p.cmd.SysProcAttr = sysProcAttr()
	if err := p.cmd.Start(); err != nil {
		close(p.done)
		return fmt.Errorf("start prometheus: %w", err)
	}
	go p.wait()
	return nil
}

func (p *Prometheus) wait() {
	err := p.cmd.Wait()
	p.waitMu.Lock()
	p.waitErr = err
	p.waitMu.Unlock()
	close(p.done)
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitReady polls /-/ready until it answers 200, the process exits, or the
// start timeout or ctx ends.
func (p *Prometheus) waitReady(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, p.cfg.StartTimeout)
	defer cancel()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if p.ready(ctx) {
			return nil
		}
		select {
		case <-p.done:
			err := fmt.Errorf("prometheus exited before it was ready (%v); log:\n%s", p.exitErr(), p.logs.String())
			if strings.Contains(p.logs.String(), "address already in use") {
				return fmt.Errorf("%w: %w", errAddrInUse, err)
			}
			return err
		case <-ctx.Done():
			if parent.Err() != nil {
				return fmt.Errorf("start prometheus: %w", parent.Err())
			}
			return fmt.Errorf("prometheus not ready within %v: %w; log:\n%s", p.cfg.StartTimeout, ctx.Err(), p.logs.String())
		case <-tick.C:
		}
	}
}

func (p *Prometheus) ready(ctx context.Context) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"/-/ready", nil)
	if err != nil {
		return false
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (p *Prometheus) exitErr() error {
	p.waitMu.Lock()
	defer p.waitMu.Unlock()
	return p.waitErr
}

// URL is Prometheus' base URL, e.g. http://127.0.0.1:40123.
func (p *Prometheus) URL() string { return p.url }

// Logs returns the tail of Prometheus' output.
func (p *Prometheus) Logs() string { return p.logs.String() }

// Close stops Prometheus (SIGTERM, SIGKILL after the grace period), waits
// for it to exit and removes its config and data. It is safe to call twice.
func (p *Prometheus) Close() error {
	p.once.Do(func() {
		p.closeErr = p.stop()
		p.client.CloseIdleConnections()
		if err := os.RemoveAll(p.dir); err != nil && p.closeErr == nil {
			p.closeErr = fmt.Errorf("close prometheus: %w", err)
		}
	})
	return p.closeErr
}

func (p *Prometheus) stop() error {
	if p.cmd == nil || p.cmd.Process == nil {
		return nil
	}
	select {
	case <-p.done:
		return nil
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	grace := time.NewTimer(p.cfg.StopGrace)
	defer grace.Stop()
	select {
	case <-p.done:
		return nil
	case <-grace.C:
	}
	_ = p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("close prometheus: killed after %v without exiting on SIGTERM", p.cfg.StopGrace)
}

// tailBuffer keeps the last limit bytes written to it.
type tailBuffer struct {
	mu    sync.Mutex // guards buf
	buf   []byte
	limit int
}

func newTailBuffer(limit int) *tailBuffer { return &tailBuffer{limit: limit} }

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.limit; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
