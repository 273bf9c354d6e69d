package server

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestLimiterFullIs503(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxConcurrentUploads, c.UploadQueueWait, c.RequestBudget = 1, 0, time.Minute })
	f.plan(hangChat)
	ctx, cancel := context.WithCancel(t.Context())
	answers := fillLimiter(ctx, t, f, 1)
	defer func() { cancel(); <-answers }()
	r := f.upload(doc("Shed me", sampleDoc))
	check503(t, r, "SERVICE_BUSY")
}

func check503(t *testing.T, r response, code string) {
	t.Helper()
	if r.Status != http.StatusServiceUnavailable || r.Env.Error == nil || r.Env.Error.Code != code {
		t.Fatalf("%d %s; want 503 %s", r.Status, r.Body, code)
	}
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 || r.Env.Error.RetryAfterMS <= 0 || int64(secs)*1000 < r.Env.Error.RetryAfterMS {
		t.Errorf("Retry-After %q, retry_after_ms %d; want whole seconds >= the ms hint", r.Header.Get("Retry-After"), r.Env.Error.RetryAfterMS)
	}
}

func TestBudgetExhaustedIs504(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RequestBudget, c.LLM.AttemptTimeout = 300*time.Millisecond, 10*time.Second })
	f.plan(hangChat)
	start := time.Now()
	r := f.upload(doc("Slow", sampleDoc))
	if r.Status != 504 || r.Env.Error.Code != "REQUEST_TIMEOUT" {
		t.Fatalf("%d %s; want 504 REQUEST_TIMEOUT", r.Status, r.Body)
	}
	t.Logf("504 after %v (budget 300ms)", time.Since(start))
}

// While the LLM fails, the breaker opens: uploads get 503 with a retry
// hint at once and reach no LLM; after the delay it half-opens and a
// healthy LLM closes it again.
func TestBreakerFailsFastAndRecovers(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.LLM.MaxAttempts, c.LLM.BreakerFailures, c.LLM.BreakerDelay = 2, 2, 500*time.Millisecond
	})
	f.requireExtraction()
	f.plan("rules:\n  - match: {endpoint: chat}\n    action: {kind: status, code: 500}\n")
	check503(t, f.upload(doc("Fails", sampleDoc)), "LLM_UNAVAILABLE")
	before := len(f.llm.Journal())
	r := f.upload(doc("Fails fast", sampleDoc))
	check503(t, r, "LLM_UNAVAILABLE")
	if n := len(f.llm.Journal()) - before; n != 0 {
		t.Errorf("%d LLM requests while the breaker was open, want 0", n)
	}
	if v := metricValue(t, f.srv.gather, "hangar_llm_breaker_state", "purpose", "extraction"); v != 2 {
		t.Errorf("hangar_llm_breaker_state{purpose=extraction} = %v, want 2 (open)", v)
	}
	f.plan("rules: []\n")
	time.Sleep(time.Duration(r.Env.Error.RetryAfterMS) * time.Millisecond)
	if r := f.upload(doc("Recovered", sampleDoc)); r.Status != 201 {
		t.Fatalf("after the breaker delay: %d %s; want 201", r.Status, r.Body)
	}
}

// With the single writer held and its queue (size 1) taken, an upload is
// refused with 503 and leaves no files.
func TestStoreBusyIs503(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.StoreQueueSize, c.RequestBudget = 1, 3*time.Second })
	f.requireExtraction()
	release, err := f.srv.store.Writer().Hold(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan response, 1)
	go func() { done <- f.upload(doc("Queued write", sampleDoc)) }()
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.store.Writer().Depth() < 1 {
		if time.Now().After(deadline) {
			t.Fatal("first upload never queued its write")
		}
		time.Sleep(5 * time.Millisecond)
	}
	r := f.upload(doc("Refused write", sampleDoc+" other"))
	release()
	check503(t, r, "SERVICE_BUSY")
	if first := <-done; first.Status != 201 {
		t.Errorf("queued upload: %d %s; want 201 once the writer is free", first.Status, first.Body)
	}
	if n := len(f.dataFiles()); n != 2 {
		t.Errorf("%d files on disk, want 2 (only the committed document)", n)
	}
}

func TestShutdownCancelsInFlight(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RequestBudget, c.LLM.AttemptTimeout = time.Minute, time.Minute })
	f.plan(hangChat)
	answers := fillLimiter(t.Context(), t, f, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := f.srv.Shutdown(ctx)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("Shutdown = %v after %v; want a drain-deadline error, then cancellation", err, time.Since(start))
	}
	if r := <-answers; r.Status != 503 || r.Env.Error == nil || r.Env.Error.Code != "SHUTTING_DOWN" {
		t.Errorf("in-flight upload got %d %s; want 503 SHUTTING_DOWN", r.Status, r.Body)
	}
	if _, err := f.c.Get(f.srv.URL() + "/health"); err == nil {
		t.Error("API still accepting after Shutdown")
	}
}
