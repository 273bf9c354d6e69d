package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hangarhq/hangar/internal/loopback"
)

// Metrics holds the harness metrics in their own registry.
type Metrics struct {
	Registry      *prometheus.Registry
	running       prometheus.Gauge
	info          *prometheus.GaugeVec
	uploads       *prometheus.CounterVec
	probeDuration *prometheus.HistogramVec
	probeFailures *prometheus.CounterVec
	verdict       *prometheus.GaugeVec
	faults        prometheus.Gauge
	indexed       prometheus.Gauge
	duration      prometheus.Gauge
}

// New registers every harness metric in a fresh registry.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		running:  prometheus.NewGauge(prometheus.GaugeOpts{Name: "hangar_harness_run_running", Help: "1 while a run is in progress."}),
		info: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "hangar_harness_run_info",
			Help: "The running scenario and seed (value 1)."}, []string{"scenario", "seed"}),
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hangar_harness_uploads_total",
			Help: "Uploads answered, by outcome (HTTP status class or error)."}, []string{"outcome"}),
		probeDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "hangar_harness_probe_duration_seconds",
			Help: "Probe latency.", Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"probe"}),
		probeFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hangar_harness_probe_failures_total",
			Help: "Failed probes (timeout, error, non-2xx)."}, []string{"probe"}),
		verdict: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "hangar_harness_assertion_verdict",
			Help: "Assertion verdict: 1 pass, 0 fail, -1 pending (or not evaluated), -2 inconclusive."}, []string{"assertion"}),
		faults:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "hangar_harness_faults_active", Help: "Faults in force now."}),
		indexed:  prometheus.NewGauge(prometheus.GaugeOpts{Name: "hangar_harness_indexed_documents", Help: "Accepted documents seen indexed."}),
		duration: prometheus.NewGauge(prometheus.GaugeOpts{Name: "hangar_harness_run_duration_seconds", Help: "Seconds since the run started."}),
	}
	m.Registry.MustRegister(m.running, m.info, m.uploads, m.probeDuration, m.probeFailures, m.verdict,
		m.faults, m.indexed, m.duration)
	return m
}

// RunStarted marks a run of scenario with seed as running.
func (m *Metrics) RunStarted(scenario string, seed int64) {
	m.running.Set(1)
	m.info.WithLabelValues(scenario, strconv.FormatInt(seed, 10)).Set(1)
}

// RunEnded marks the run finished after d.
func (m *Metrics) RunEnded(d time.Duration) { m.running.Set(0); m.duration.Set(d.Seconds()) }

// Elapsed sets the run duration so far.
func (m *Metrics) Elapsed(d time.Duration) { m.duration.Set(d.Seconds()) }

// Upload counts one answered upload.
func (m *Metrics) Upload(status int, err string) {
	m.uploads.WithLabelValues(Outcome(status, err)).Inc()
}

// Outcome names an upload outcome: "2xx".."5xx", or "error".
func Outcome(status int, err string) string {
	if status == 0 {
		return "error"
	}
	return fmt.Sprintf("%dxx", status/100)
}

// Probe records one probe.
func (m *Metrics) Probe(name string, d time.Duration, ok bool) {
	m.probeDuration.WithLabelValues(name).Observe(d.Seconds())
	if !ok {
		m.probeFailures.WithLabelValues(name).Inc()
	}
}

// Verdict sets an assertion's verdict: 1 pass, 0 fail, -1 pending (or not evaluated), -2 inconclusive.
func (m *Metrics) Verdict(assertion string, v float64) { m.verdict.WithLabelValues(assertion).Set(v) }

// Faults sets the number of active faults.
func (m *Metrics) Faults(n int) { m.faults.Set(float64(n)) }

// Indexed sets the number of documents seen indexed.
func (m *Metrics) Indexed(n int) { m.indexed.Set(float64(n)) }

// Server serves /metrics for a Metrics on an address.
type Server struct {
	srv  *http.Server
	ln   net.Listener
	wg   sync.WaitGroup
	addr string

	mu      sync.Mutex    // guards scraped
	scraped chan struct{} // closed and replaced after every answered scrape
}

// Serve listens on addr (loopback only) and serves m's registry at /metrics.
func Serve(addr string, m *Metrics) (*Server, error) {
	if err := loopback.CheckAddr(addr); err != nil {
		return nil, fmt.Errorf("metrics %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics addr: %w", err)
	}
	s := &Server{ln: ln, addr: ln.Addr().String(), scraped: make(chan struct{})}
	h := promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		s.markScraped()
	})
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener closed under us; Close reports nothing more useful
		}
	}()
	return s, nil
}

// URL is the metrics endpoint's URL.
func (s *Server) URL() string { return "http://" + s.addr + "/metrics" }

func (s *Server) markScraped() {
	s.mu.Lock()
	close(s.scraped)
	s.scraped = make(chan struct{})
	s.mu.Unlock()
}

// WaitScrape blocks until /metrics has been answered once more after the
// call, or ctx ends; it reports whether a scrape happened. A run's final
// values (assertion verdicts) are set at its end: waiting for one more
// scrape before Close is what lets Prometheus see them.
func (s *Server) WaitScrape(ctx context.Context) bool {
	s.mu.Lock()
	ch := s.scraped
	s.mu.Unlock()
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	}
}

// Close stops serving and waits.
func (s *Server) Close(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	s.wg.Wait()
	return err
}
