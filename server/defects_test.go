package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

const hangChat = "rules:\n  - match: {endpoint: chat}\n    action: {kind: hang}\n"

func TestDefectNames(t *testing.T) {
	want := "batch-barrier,health-behind-limiter,no-lease-expiry,no-llm-deadline,sem-across-retries,shared-llm-pool,store-lock-across-call"
	if got := strings.Join(DefectNames(), ","); got != want {
		t.Errorf("DefectNames = %s", got)
	}
	if _, err := ParseDefects("no-llm-deadline, bogus"); err == nil || !strings.Contains(err.Error(), `unknown defect "bogus"`) || !strings.Contains(err.Error(), "batch-barrier") {
		t.Errorf("ParseDefects(bogus) = %v; want an error listing the valid names", err)
	}
	if got, err := ParseDefects(" shared-llm-pool ,,batch-barrier"); err != nil || len(got) != 2 {
		t.Errorf("ParseDefects = %v, %v", got, err)
	}
}

// health-behind-limiter: with both upload slots held by uploads waiting on
// a hung LLM, built right /health answers at once; with the defect it waits
// behind the uploads and the probe times out.
func TestDefectHealthBehindLimiter(t *testing.T) {
	for _, defect := range []bool{false, true} {
		t.Run(defectName(DefectHealthBehindLimiter, defect), func(t *testing.T) {
			f := newFixture(t, func(c *Config) {
				c.MaxConcurrentUploads, c.UploadQueueWait, c.RequestBudget = 2, 0, time.Minute
				if defect {
					c.Defects = []string{DefectHealthBehindLimiter}
				}
			})
			f.plan(hangChat)
			ctx, cancel := context.WithCancel(t.Context())
			answers := fillLimiter(ctx, t, f, 2)
			defer func() { cancel(); <-answers; <-answers }()
			probe := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{}}
			defer probe.CloseIdleConnections()
			resp, err := probe.Get(f.srv.URL() + "/health")
			if err == nil {
				readBody(resp)
			}
			if !defect && (err != nil || resp.StatusCode != 200) {
				t.Fatalf("/health with the limiter full: %v; want 200 at once", err)
			}
			if defect && err == nil {
				t.Fatalf("defect: /health answered %d while uploads held every slot; want it stuck", resp.StatusCode)
			}
		})
	}
}

// fillLimiter starts n uploads against a hung LLM and returns once they
// hold n limiter slots. Their answers arrive on the returned channel;
// cancelling ctx makes their clients give up.
func fillLimiter(ctx context.Context, t *testing.T, f *fixture, n int) <-chan response {
	t.Helper()
	out := make(chan response, n)
	for i := range n {
		go func() {
			ct, body := doc(fmt.Sprintf("Filler %d", i), sampleDoc+fmt.Sprint(i)).encode()
			r, err := f.doCtx(ctx, "POST", "/api/v1/knowledge/documents", ct, body)
			if err != nil {
				r.Status = -1
				r.Body = []byte(err.Error())
			}
			out <- r
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.limiter.inUse() < n {
		if time.Now().After(deadline) {
			t.Fatalf("limiter holds %d slots, want %d", f.srv.limiter.inUse(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return out
}

// no-llm-deadline: with the LLM hung, built right an upload gets 503/504
// within its budget; with the defect it is still unanswered at four times
// the budget, and only shutdown's cancellation frees it.
func TestDefectNoLLMDeadline(t *testing.T) {
	const budget = 400 * time.Millisecond
	for _, defect := range []bool{false, true} {
		t.Run(defectName(DefectNoLLMDeadline, defect), func(t *testing.T) {
			f := newFixture(t, func(c *Config) {
				c.RequestBudget, c.LLM.AttemptTimeout = budget, 200*time.Millisecond
				if defect {
					c.Defects = []string{DefectNoLLMDeadline}
				}
			})
			f.plan(hangChat)
			f.c.Timeout = 3 * time.Second
			ct, body := doc("Deadline", sampleDoc).encode()
			r, err := f.do("POST", "/api/v1/knowledge/documents", ct, body)
			if !defect && (err != nil || (r.Status != 503 && r.Status != 504)) {
				t.Fatalf("upload: %v %d %s; want 503/504 within the budget", err, r.Status, r.Body)
			}
			if defect && err == nil {
				t.Fatalf("defect: upload answered %d; want it still hanging at %v", r.Status, f.c.Timeout)
			}
			if defect { // graceful drain cannot finish; the deadline cancels the call
				ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
				defer cancel()
				if err := f.srv.Shutdown(ctx); err == nil {
					t.Error("shutdown drained a request with no deadline; want the drain deadline to pass")
				}
			}
		})
	}
}

func defectName(name string, on bool) string {
	if on {
		return name
	}
	return "built-right"
}

// The same defect in virtual time: with the limiter's slots held, built
// right /health answers at once; with the defect it is still waiting after
// an hour and only ends when its client gives up.
func TestDefectHealthBehindLimiterSynctest(t *testing.T) {
	for _, defect := range []bool{false, true} {
		t.Run(defectName(DefectHealthBehindLimiter, defect), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := testConfig(t, "http://127.0.0.1:1")
				cfg.MaxConcurrentUploads = 2
				if defect {
					cfg.Defects = []string{DefectHealthBehindLimiter}
				}
				s, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				s.health.state.Store(stateServing)
				for range 2 { // two uploads hold every slot
					if _, err := s.limiter.acquire(t.Context(), 0); err != nil {
						t.Fatal(err)
					}
				}
				ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
				defer cancel()
				rec := httptest.NewRecorder()
				start := time.Now()
				s.apiHandler().ServeHTTP(rec, httptest.NewRequestWithContext(ctx, "GET", "/health", nil))
				took := time.Since(start)
				if !defect && (rec.Code != 200 || took != 0) {
					t.Errorf("/health: %d after %v; want 200 at once", rec.Code, took)
				}
				if defect && (rec.Code == 200 || took != time.Hour) {
					t.Errorf("defect: /health: %d after %v; want it stuck until the client's hour ran out", rec.Code, took)
				}
			})
		})
	}
}

// shared-llm-pool end to end: embeddings hang and the cascade (2 workers)
// holds 2 LLM slots. Built right they are background slots and an upload
// still gets 201; with the defect they are the request pool's only 2 slots
// and the upload is refused with 503.
func TestDefectSharedLLMPoolServer(t *testing.T) {
	for _, defect := range []bool{false, true} {
		t.Run(defectName(DefectSharedLLMPool, defect), func(t *testing.T) {
			f := newFixture(t, func(c *Config) {
				c.LLM.RequestPoolSize, c.LLM.BackgroundPoolSize, c.Cascade.Workers = 2, 2, 2
				c.LLM.AttemptTimeout, c.LLM.PoolWait = 30*time.Second, 300*time.Millisecond
				c.Cascade.EmbedTimeout, c.Cascade.Lease = 30*time.Second, time.Minute
				if defect {
					c.Defects = []string{DefectSharedLLMPool}
				}
			})
			f.requireExtraction()
			f.plan("rules:\n  - match: {endpoint: embeddings}\n    action: {kind: hang}\n")
			pool := "background"
			if defect {
				pool = "request"
			}
			for i := range 2 {
				if r := f.upload(doc(fmt.Sprintf("Indexing %d", i), sampleDoc+fmt.Sprint(i))); r.Status != 201 {
					t.Fatalf("upload %d: %d %s", i, r.Status, r.Body)
				}
			}
			deadline := time.Now().Add(10 * time.Second)
			for metricValue(t, f.srv.gather, "hangar_llm_inflight", "pool", pool) < 2 {
				if time.Now().After(deadline) {
					t.Fatalf("the cascade never held 2 %s slots", pool)
				}
				time.Sleep(10 * time.Millisecond)
			}
			r := f.upload(doc("While indexing hangs", sampleDoc))
			if !defect && r.Status != 201 {
				t.Errorf("upload while embeddings hang: %d %s; want 201", r.Status, r.Body)
			}
			if defect {
				check503(t, r, "SERVICE_BUSY")
			}
		})
	}
}

// sem-across-retries end to end: one request-path slot; upload A is
// rate-limited (429, Retry-After 2s) and sleeps before its retry. Built
// right the slot is free meanwhile and upload B gets 201; with the defect
// A sleeps holding the slot and B is refused after the pool wait.
func TestDefectSemAcrossRetriesServer(t *testing.T) {
	for _, defect := range []bool{false, true} {
		t.Run(defectName(DefectSemAcrossRetries, defect), func(t *testing.T) {
			f := newFixture(t, func(c *Config) {
				c.LLM.RequestPoolSize, c.LLM.PoolWait = 1, 500*time.Millisecond
				if defect {
					c.Defects = []string{DefectSemAcrossRetries}
				}
			})
			f.requireExtraction()
			f.plan("rules:\n  - match: {endpoint: chat, nth: 1}\n    action: {kind: status, code: 429, retry_after: 2}\n")
			aDone := make(chan response, 1)
			go func() {
				ct, body := doc("Rate limited", sampleDoc).encode()
				r, _ := f.do("POST", "/api/v1/knowledge/documents", ct, body)
				aDone <- r
			}()
			deadline := time.Now().Add(5 * time.Second)
			for !answered429(f) {
				if time.Now().After(deadline) {
					t.Fatal("upload A was never rate-limited")
				}
				time.Sleep(5 * time.Millisecond)
			}
			r := f.upload(doc("Behind the sleeper", sampleDoc+" B"))
			if a := <-aDone; a.Status != 201 {
				t.Errorf("upload A: %d %s; want 201 after its retry", a.Status, a.Body)
			}
			if !defect && r.Status != 201 {
				t.Errorf("upload B: %d %s; want 201 while A sleeps", r.Status, r.Body)
			}
			if defect {
				check503(t, r, "SERVICE_BUSY")
			}
		})
	}
}

func answered429(f *fixture) bool {
	for _, e := range f.llm.Journal() {
		if e.Status == http.StatusTooManyRequests {
			return true
		}
	}
	return false
}
