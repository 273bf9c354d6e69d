package probe

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// DefaultScrapeInterval is the default time between scrapes.
const DefaultScrapeInterval = time.Second

// ScrapeTarget is one /metrics endpoint.
type ScrapeTarget struct {
	Name string // "server", "fakellm"
	URL  string // full URL of the metrics endpoint
}

// Scraper scrapes its targets every Interval on one goroutine with its own
// transport. Errors are reported, not fatal: a target that stops answering
// is itself a finding.
type Scraper struct {
	interval time.Duration
	timeout  time.Duration
	observe  func(target string, samples []Sample, err error)
	client   *http.Client
	tr       *http.Transport

	mu      sync.Mutex // guards targets
	targets []ScrapeTarget

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewScraper returns a stopped scraper; observe is called from the scrape
// goroutine after each scrape of each target.
func NewScraper(interval time.Duration, targets []ScrapeTarget, observe func(string, []Sample, error)) *Scraper {
	if interval <= 0 {
		interval = DefaultScrapeInterval
	}
	tr := ownTransport(nil)
	tr.MaxIdleConnsPerHost = 2
	return &Scraper{interval: interval, timeout: min(interval, 2*time.Second), observe: observe,
		tr: tr, client: &http.Client{Transport: tr}, targets: targets}
}

// SetDial replaces the transport's dialer (an in-memory network in
// virtual time); call it before Start. nil keeps the real one.
func (s *Scraper) SetDial(dial func(ctx context.Context, network, addr string) (net.Conn, error)) {
	if dial != nil {
		s.tr.DialContext = dial
	}
}

// SetTargets replaces the targets (after a restart moved a port).
func (s *Scraper) SetTargets(t []ScrapeTarget) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.targets = t
}

// Start begins scraping until ctx is done or Close is called.
func (s *Scraper) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(s.interval)
		defer t.Stop()
		for {
			s.ScrapeAll(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// ScrapeAll scrapes every target once, now.
func (s *Scraper) ScrapeAll(ctx context.Context) {
	s.mu.Lock()
	targets := append([]ScrapeTarget(nil), s.targets...)
	s.mu.Unlock()
	for _, t := range targets {
		if ctx.Err() != nil {
			return
		}
		sctx, cancel := context.WithTimeout(ctx, s.timeout)
		samples, err := Scrape(sctx, s.client, t.URL, t.Name)
		cancel()
		s.observe(t.Name, samples, err)
	}
}

// Close stops scraping and waits for the goroutine.
func (s *Scraper) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	s.wg.Wait()
	s.tr.CloseIdleConnections()
}
