package server

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// livenessConfig: short budgets so a hung LLM is answered fast; an
// embedding breaker and a long cascade attempt limit so queued documents
// survive the outage.
func livenessConfig(c *Config) {
	c.RequestBudget = livenessBudget
	c.LLM.AttemptTimeout = 400 * time.Millisecond
	c.LLM.BreakerFailures, c.LLM.BreakerDelay = 5, 300*time.Millisecond
	c.Cascade.EmbedTimeout, c.Cascade.StoreTimeout, c.Cascade.Lease = 300*time.Millisecond, 500*time.Millisecond, 2*time.Second
	c.Cascade.MaxAttempts = 1000
}

const livenessBudget = 1500 * time.Millisecond

// livenessBound is the longest an upload may take to be answered: the
// budget plus slack for a loaded machine (2 shared cores under -race). It
// is a liveness bound, not a speed claim: without deadlines these uploads
// would never be answered.
const livenessBound = livenessBudget + 3*time.Second

// TestLivenessUnderHungLLM: with every LLM call hung, 20 concurrent uploads
// each get 503/504 within the request budget while /health stays fast.
func TestLivenessUnderHungLLM(t *testing.T) {
	f := newFixture(t, livenessConfig)
	f.plan("rules:\n  - match: {endpoint: any}\n    action: {kind: hang}\n")
	probe := startHealthProbe(f.srv.URL())
	statuses := hungUploads(t, f, 20, livenessBound)
	lat := probe.stop()
	p99, maxLat := percentile(lat, 0.99), slices.Max(lat)
	t.Logf("hung LLM: 20 uploads answered %v; /health p99 %v, max %v over %d probes", statuses, p99, maxLat, len(lat))
	if probe.failures() > 0 {
		t.Errorf("%d /health probes failed while the LLM hung", probe.failures())
	}
}

// TestQueueDrainsAfterRecovery: documents queued while embeddings hang,
// then a full LLM outage; when the LLM recovers the queue drains by itself
// and uploads succeed again without any restart.
func TestQueueDrainsAfterRecovery(t *testing.T) {
	f := newFixture(t, livenessConfig)
	f.requireExtraction()
	f.plan("rules:\n  - match: {endpoint: embeddings}\n    action: {kind: hang}\n")
	for i := range 5 {
		if r := f.upload(doc(fmt.Sprintf("Queued %d", i), sampleDoc+fmt.Sprint(i))); r.Status != 201 {
			t.Fatalf("queued upload %d: %d %s", i, r.Status, r.Body)
		}
	}
	f.plan("rules:\n  - match: {endpoint: any}\n    action: {kind: hang}\n")
	hungUploads(t, f, 20, livenessBound)
	if l := f.list(); l.Total != 5 {
		t.Fatalf("%d documents listed during the outage, want the 5 queued", l.Total)
	}
	f.plan("rules: []\n")
	deadline := time.Now().Add(15 * time.Second)
	for {
		r := f.upload(doc("After recovery", sampleDoc))
		if r.Status == 201 || r.Status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("uploads still failing after recovery: %d %s", r.Status, r.Body)
		}
		time.Sleep(time.Duration(max(r.Env.Error.RetryAfterMS, 50)) * time.Millisecond)
	}
	f.waitIndexed(6, 20*time.Second)
}

// hungUploads sends n uploads at once and checks each is answered with
// 503 or 504 within bound. It returns the count per status.
func hungUploads(t *testing.T, f *fixture, n int, bound time.Duration) map[int]int {
	t.Helper()
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			start := time.Now()
			ct, body := doc(fmt.Sprintf("Hung %d", i), sampleDoc+fmt.Sprint("hung", i)).encode()
			r, err := f.do("POST", "/api/v1/knowledge/documents", ct, body)
			took := time.Since(start)
			switch {
			case err != nil:
				t.Errorf("upload %d: %v after %v", i, err, took)
			case took > bound:
				t.Errorf("upload %d answered after %v, bound %v", i, took, bound)
			case r.Status != 503 && r.Status != 504:
				t.Errorf("upload %d: %d %s; want 503 or 504", i, r.Status, r.Body)
			}
			mu.Lock()
			statuses[r.Status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return statuses
}

// healthProbe GETs /health every 10ms on its own connection pool.
type healthProbe struct {
	stopc chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	lat   []time.Duration
	fails int
}

func startHealthProbe(url string) *healthProbe {
	p := &healthProbe{stopc: make(chan struct{}), done: make(chan struct{})}
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{}}
	go func() {
		defer close(p.done)
		defer client.CloseIdleConnections()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stopc:
				return
			case <-tick.C:
			}
			start := time.Now()
			resp, err := client.Get(url + "/health")
			d := time.Since(start)
			p.mu.Lock()
			if err != nil || resp.StatusCode != 200 {
				p.fails++
			}
			p.lat = append(p.lat, d)
			p.mu.Unlock()
			if err == nil {
				readBody(resp)
			}
		}
	}()
	return p
}

func (p *healthProbe) stop() []time.Duration {
	close(p.stopc)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lat
}

func (p *healthProbe) failures() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fails
}

func percentile(d []time.Duration, q float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(q*float64(len(s))))]
}
