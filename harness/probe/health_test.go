package probe

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// collector gathers probe results and signals when n have arrived.
type collector struct {
	mu   sync.Mutex
	got  []HealthResult
	n    int
	done chan struct{}
}

func newCollector(n int) *collector { return &collector{n: n, done: make(chan struct{})} }

func (c *collector) observe(r HealthResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, r)
	if len(c.got) == c.n {
		close(c.done)
	}
}

func (c *collector) results() []HealthResult {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]HealthResult(nil), c.got...)
}

func TestHealthStalledEndpointIsAFailureNotAHang(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // a /health that never answers
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := newCollector(3)
	h := NewHealth(HealthConfig{URL: srv.URL, Interval: time.Millisecond, Timeout: 20 * time.Millisecond}, c.observe)
	h.Start(context.Background())
	<-c.done // three probes came back although the endpoint never answers
	h.Close()
	for _, r := range c.results()[:3] {
		if r.OK || r.Error != "no answer within 20ms" || r.Latency != 20*time.Millisecond {
			t.Errorf("probe %+v; want a failure measured as the 20ms timeout", r)
		}
	}
}

func TestHealthOutcomes(t *testing.T) {
	tests := []struct {
		name      string
		give      int
		wantOK    bool
		wantError string
	}{
		{"ok", http.StatusOK, true, ""},
		{"unavailable", http.StatusServiceUnavailable, false, "status 503"},
		{"no content is fine", http.StatusNoContent, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.give)
			}))
			defer srv.Close()
			h := NewHealth(HealthConfig{URL: srv.URL, Timeout: time.Second}, nil)
			defer h.Close()
			r := h.Probe(context.Background())
			if r.OK != tt.wantOK || r.Error != tt.wantError || r.Status != tt.give {
				t.Fatalf("probe %+v; want ok=%v error=%q", r, tt.wantOK, tt.wantError)
			}
		})
	}
}

func TestHealthRefusedConnection(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	h := NewHealth(HealthConfig{URL: url, Timeout: time.Second}, nil)
	defer h.Close()
	r := h.Probe(context.Background())
	if r.OK || !strings.Contains(r.Error, "refused") {
		t.Fatalf("probe %+v; want connection refused", r)
	}
}

// connCounter counts a server's connections opened and closed.
type connCounter struct {
	mu     sync.Mutex // guards opened and closed
	opened int
	closed int
	gone   chan struct{} // one send per connection closed or hijacked
}

func newConnCounter() *connCounter { return &connCounter{gone: make(chan struct{}, 64)} }

func (c *connCounter) hook(_ net.Conn, s http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch s {
	case http.StateNew:
		c.opened++
	case http.StateClosed, http.StateHijacked:
		c.closed++
		c.gone <- struct{}{}
	}
}

func (c *connCounter) counts() (opened, closed int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.opened, c.closed
}

// TestHealthNewConnectionPerProbe: every probe reaches the target on a
// connection of its own, which the target closes once it has answered, so
// no two probes are ever served by one server goroutine and none is left
// open.
func TestHealthNewConnectionPerProbe(t *testing.T) {
	const probes = 5
	cc := newConnCounter()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ConnState = cc.hook
	srv.Start()
	defer srv.Close()
	c := newCollector(probes)
	h := NewHealth(HealthConfig{URL: srv.URL, Interval: time.Millisecond, Timeout: time.Second}, c.observe)
	h.Start(context.Background())
	<-c.done
	h.Close()
	for _, r := range c.results()[:probes] {
		if !r.OK {
			t.Fatalf("probe %+v; want ok", r)
		}
	}
	opened, _ := cc.counts()
	for range opened {
		select {
		case <-cc.gone:
		case <-time.After(10 * time.Second): // a guard against a hang, not a measurement
			o, cl := cc.counts()
			t.Fatalf("%d connections opened, %d closed after the prober closed; want every one closed", o, cl)
		}
	}
	if got := len(c.results()); opened != got {
		t.Errorf("%d probes opened %d connections; want one each", got, opened)
	}
}

// BenchmarkHealthProbe compares a probe on a new loopback connection (what
// the prober does) with one on a kept-alive connection: the difference is
// the connect a probe's latency now includes.
func BenchmarkHealthProbe(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	for _, keep := range []bool{false, true} {
		name := "new-connection"
		if keep {
			name = "kept-alive"
		}
		b.Run(name, func(b *testing.B) {
			h := NewHealth(HealthConfig{URL: srv.URL, Timeout: time.Second}, nil)
			defer h.Close()
			h.tr.DisableKeepAlives = !keep
			for b.Loop() {
				if r := h.Probe(context.Background()); !r.OK {
					b.Fatalf("probe %+v", r)
				}
			}
		})
	}
}
