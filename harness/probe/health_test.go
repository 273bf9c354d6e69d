package probe

import (
	"context"
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
