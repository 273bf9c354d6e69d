package server

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// Benchmarks report ratios against /health idle, measured in the same run:
//
//	server-us/doc   wall time per upload minus the time spent in LLM attempts
//	x-health-idle   server-us/doc divided by an idle /health round trip
//	fsyncs/doc      the store's durability syncs (store.SyncEvent) per upload
//
// The fake LLM is in-process and answers at once ("zero latency"); its own
// time is excluded through hangar_llm_attempt_duration_seconds.

var words = strings.Fields("hangar cascade upload topic vector lease breaker budget retry jitter bulkhead " +
	"health probe queue writer store document summary extraction classification embedding")

// benchDoc is a deterministic document of about size bytes in paragraphs.
func benchDoc(rng *rand.Rand, size int) string {
	var b strings.Builder
	for b.Len() < size {
		for range 40 {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		b.WriteString(".\n\n")
	}
	return b.String()[:size]
}

func BenchmarkIngest(b *testing.B) {
	for _, size := range []int{8 << 10, 80 << 10} {
		for _, conc := range []int{1, 8} {
			b.Run(fmt.Sprintf("%dKB/conc=%d", size>>10, conc), func(b *testing.B) { benchIngest(b, size, conc) })
		}
	}
}

// benchIngest uploads b.N distinct documents of size bytes from conc
// concurrent clients.
func benchIngest(b *testing.B, size, conc int) {
	var syncs atomic.Int64
	f := newFixture(b, func(c *Config) {
		c.StoreSyncHook = func(ev store.SyncEvent) {
			if !ev.After {
				syncs.Add(1)
			}
		}
		c.LLM.AttemptTimeout, c.RequestBudget = time.Minute, time.Minute
		c.LLM.RequestPoolSize, c.LLM.PoolWait = max(conc, c.LLM.RequestPoolSize), time.Minute
	})
	f.requireExtraction()
	health := idleHealth(b, f, 200)
	rng := rand.New(rand.NewPCG(uint64(size), 1))
	docs := make(chan form, b.N)
	for i := range b.N {
		docs <- doc(fmt.Sprintf("Bench %d %d", size, i), benchDoc(rng, size))
	}
	close(docs)
	llmBefore := f.llmSeconds(b)
	b.SetBytes(int64(size))
	b.ResetTimer()
	syncs.Store(0)
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for d := range docs {
				ct, body := d.encode()
				if r, err := f.do("POST", "/api/v1/knowledge/documents", ct, body); err != nil || r.Status != 201 {
					b.Errorf("upload: %v %d %s", err, r.Status, r.Body)
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	b.StopTimer()
	llm := time.Duration((f.llmSeconds(b) - llmBefore) * float64(time.Second))
	server := (wall - llm/time.Duration(conc)) / time.Duration(b.N)
	b.ReportMetric(float64(wall.Microseconds())/float64(b.N), "wall-us/doc")
	b.ReportMetric(float64(server.Microseconds()), "server-us/doc")
	b.ReportMetric(float64(llm.Microseconds())/float64(b.N), "llm-us/doc")
	b.ReportMetric(float64(server)/float64(health), "x-health-idle")
	b.ReportMetric(float64(syncs.Load())/float64(b.N), "fsyncs/doc")
}

// llmSeconds is the total time spent in extraction and classification
// attempts so far.
func (f *fixture) llmSeconds(tb testing.TB) float64 {
	mfs, err := f.srv.gather.Gather()
	if err != nil {
		tb.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != "hangar_llm_attempt_duration_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetValue() == "extraction" || lp.GetValue() == "classification" {
					sum += m.GetHistogram().GetSampleSum()
				}
			}
		}
	}
	return sum
}

// idleHealth is the mean /health round trip with nothing else running.
func idleHealth(tb testing.TB, f *fixture, n int) time.Duration {
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	start := time.Now()
	for range n {
		resp, err := c.Get(f.srv.URL() + "/health")
		if err != nil {
			tb.Fatal(err)
		}
		readBody(resp)
	}
	return time.Since(start) / time.Duration(n)
}

// BenchmarkHealthUnderUploads measures /health while 32 uploads are in
// flight: "hung" holds 32 uploads on a hung LLM; "busy" keeps 32 uploaders
// running against the instant LLM. Reported as a ratio to idle /health.
func BenchmarkHealthUnderUploads(b *testing.B) {
	for _, mode := range []string{"hung", "busy"} {
		b.Run(mode, func(b *testing.B) {
			f := newFixture(b, func(c *Config) {
				c.MaxConcurrentUploads, c.RequestBudget, c.LLM.AttemptTimeout = 64, time.Minute, time.Minute
				c.LLM.RequestPoolSize, c.LLM.PoolWait = 32, time.Minute
			})
			if mode == "busy" {
				f.requireExtraction()
			}
			idle := idleHealth(b, f, 200)
			stop := f.keepUploading(b, mode, 32)
			b.ResetTimer()
			loaded := idleHealth(b, f, b.N)
			b.StopTimer()
			stop()
			b.ReportMetric(float64(loaded.Microseconds()), "health-us")
			b.ReportMetric(float64(idle.Microseconds()), "idle-health-us")
			b.ReportMetric(float64(loaded)/float64(idle), "x-health-idle")
		})
	}
}

// keepUploading runs n uploaders until stop is called.
func (f *fixture) keepUploading(tb testing.TB, mode string, n int) (stop func()) {
	if mode == "hung" {
		f.plan(hangChat)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	for w := range n {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 2))
			for i := 0; ctx.Err() == nil; i++ {
				ct, body := doc(fmt.Sprintf("Load %d %d", w, i), benchDoc(rng, 8<<10)).encode()
				req, _ := http.NewRequestWithContext(ctx, "POST", f.srv.URL()+"/api/v1/knowledge/documents", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", ct)
				if resp, err := c.Do(req); err == nil {
					readBody(resp)
				}
			}
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for mode == "hung" && f.srv.limiter.inUse() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return func() {
		cancel() // the uploads' clients go away; built right, the server cancels their LLM calls
		wg.Wait()
		c.CloseIdleConnections()
	}
}
