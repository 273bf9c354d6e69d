package probe

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Health defaults, reused by scenarios and flags.
const (
	DefaultHealthInterval = 100 * time.Millisecond
	DefaultHealthTimeout  = time.Second
)

// HealthResult is one probe.
type HealthResult struct {
	At      time.Time
	Latency time.Duration
	Status  int
	OK      bool
	Error   string
	// Delay is how late the probe was sent after it was due (the later of
	// its tick and the end of the probe before): the probe loop's own
	// scheduling delay, 0 for a probe sent with Probe.
	Delay time.Duration
}

// HealthConfig says what to probe and how often.
type HealthConfig struct {
	URL      string // full URL, e.g. http://127.0.0.1:8000/health
	Interval time.Duration
	Timeout  time.Duration
	// Dial, when set, replaces the transport's dialer (an in-memory
	// network in virtual time).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Status lists the healthy statuses (empty: any 2xx).
	Status []int
}

// Health probes a URL every Interval, one probe at a time; a probe that
// does not answer within Timeout is recorded as failed with Latency equal to
// the time waited. Missed ticks are skipped, not queued.
type Health struct {
	cfg     HealthConfig
	observe func(HealthResult)
	client  *http.Client
	tr      *http.Transport
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// NewHealth returns a stopped prober; observe is called from the probe
// goroutine for every probe.
func NewHealth(cfg HealthConfig, observe func(HealthResult)) *Health {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultHealthInterval
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultHealthTimeout
	}
	tr := ownTransport(cfg.Dial)
	return &Health{cfg: cfg, observe: observe, tr: tr, client: &http.Client{Transport: tr}}
}

// ownTransport is a transport with one connection, shared with nothing.
func ownTransport(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Transport {
	if dial == nil {
		dial = (&net.Dialer{Timeout: 2 * time.Second}).DialContext
	}
	return &http.Transport{DialContext: dial, MaxIdleConnsPerHost: 1,
		IdleConnTimeout: 30 * time.Second, DisableCompression: true}
}

// Start begins probing until ctx is done or Close is called.
func (h *Health) Start(ctx context.Context) {
	ctx, h.cancel = context.WithCancel(ctx)
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		h.loop(ctx)
	}()
}

// Close stops probing, waits for the probe goroutine and closes idle
// connections.
func (h *Health) Close() {
	if h.cancel != nil {
		h.cancel()
	}
	h.wg.Wait()
	h.tr.CloseIdleConnections()
}

func (h *Health) loop(ctx context.Context) {
	t := time.NewTicker(h.cfg.Interval)
	defer t.Stop()
	due := time.Now()
	for {
		r := h.Probe(ctx)
		r.Delay = max(r.At.Sub(due), 0)
		if ctx.Err() != nil {
			return // cut short by the run ending, not by the target
		}
		h.observe(r)
		ended := time.Now()
		select {
		case <-ctx.Done():
			return
		case tick := <-t.C:
			due = later(tick, ended) // a tick missed during a slow probe is due when it ended
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Probe performs one probe now.
func (h *Health) Probe(ctx context.Context) HealthResult {
	start := time.Now()
	ctx, cancel := context.WithTimeoutCause(ctx, h.cfg.Timeout,
		fmt.Errorf("no answer within %s", h.cfg.Timeout))
	defer cancel()
	r := HealthResult{At: start}
	status, err := get(ctx, h.client, h.cfg.URL)
	r.Latency, r.Status = time.Since(start), status
	switch {
	case err != nil && ctx.Err() != nil:
		r.Error = context.Cause(ctx).Error()
		// The target did not answer within the timeout; time beyond it is
		// the harness's own scheduling delay, not the target's.
		r.Latency = min(r.Latency, h.cfg.Timeout)
	case err != nil:
		r.Error = err.Error()
	case !h.healthy(status):
		r.Error = fmt.Sprintf("status %d", status)
	default:
		r.OK = true
	}
	return r
}

func (h *Health) healthy(status int) bool {
	if len(h.cfg.Status) == 0 {
		return status >= 200 && status <= 299
	}
	return slices.Contains(h.cfg.Status, status)
}

func get(ctx context.Context, c *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)); err != nil {
		return resp.StatusCode, err
	}
	return resp.StatusCode, nil
}
