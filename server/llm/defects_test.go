package llm

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Each defect test runs the same scenario with and without the defect: the
// built-right client passes, the defective one shows its failure class.

// sem-across-retries: with one slot, caller A is rate-limited (Retry-After
// 5s) and caller B arrives while A sleeps. Built right, A's slot is free
// during the sleep and B finishes at once. With the defect A keeps the slot
// through its sleep and B waits the full 5s behind a sleeper.
func TestDefectSemAcrossRetries(t *testing.T) {
	for _, defect := range []bool{false, true} {
		t.Run(defectName("sem-across-retries", defect), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeLLM{script: func(n int, r *http.Request) (*http.Response, error) {
					if r.Context().Value(callerKey{}) == "A" && n == 1 {
						return apiError(r, 429, "Retry-After", "5"), nil
					}
					return chatOK(r, "ok"), nil
				}}
				cfg := testConfig(f)
				cfg.RequestPoolSize = 1
				cfg.Defects.SemAcrossRetries = defect
				c := newTestClient(t, cfg)
				aDone := make(chan error, 1)
				go func() { _, err := chat(withCaller(t.Context(), "A"), c); aDone <- err }()
				synctest.Wait() // A has been answered 429 and is asleep (or holds the slot)
				start := time.Now()
				_, errB := chat(withCaller(t.Context(), "B"), c)
				waitedB := time.Since(start)
				if err := <-aDone; err != nil || errB != nil {
					t.Fatalf("A: %v, B: %v; want both to succeed", err, errB)
				}
				if !defect && waitedB != 0 {
					t.Errorf("B waited %v for a slot held by a sleeping retry; want 0", waitedB)
				}
				if defect && waitedB < 5*time.Second {
					t.Errorf("defect: B waited only %v; want >= 5s (the slot held through A's sleep)", waitedB)
				}
				if sum := poolWaitSum(t, cfg.Registerer.(prometheus.Gatherer)); sum != waitedB.Seconds() {
					t.Errorf("hangar_llm_pool_wait_seconds sum = %v, want B's wait %v (A never waited)", sum, waitedB.Seconds())
				}
			})
		})
	}
}

// no-llm-deadline: the LLM accepts the request and never answers. Built
// right the call fails within the attempt deadlines; with the defect it is
// still waiting an hour later, until its caller gives up.
func TestDefectNoLLMDeadline(t *testing.T) {
	for _, defect := range []bool{false, true} {
		t.Run(defectName("no-llm-deadline", defect), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) { return hang(r) }}
				cfg := testConfig(f)
				cfg.Defects.NoDeadline = defect
				c := newTestClient(t, cfg)
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				done := make(chan error, 1)
				go func() { _, err := chat(ctx, c); done <- err }()
				time.Sleep(time.Hour)
				synctest.Wait()
				select {
				case err := <-done:
					if defect {
						t.Fatalf("defect: call ended (%v); want it still hung after an hour", err)
					}
					if !errors.Is(err, ErrUnavailable) {
						t.Errorf("err = %v, want ErrUnavailable", err)
					}
				default:
					if !defect {
						t.Fatal("call still hung after an hour; want it bounded by attempt deadlines")
					}
					cancel()
					<-done
				}
			})
		})
	}
}

// shared-llm-pool: two embedding calls hang in the background. Built right
// an extraction call still gets a request-pool slot at once; with the defect
// the embeddings hold the only pool and the upload's call is refused.
func TestDefectSharedLLMPool(t *testing.T) {
	for _, defect := range []bool{false, true} {
		t.Run(defectName("shared-llm-pool", defect), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) {
					if r.URL.Path == embedPath {
						return hang(r)
					}
					return chatOK(r, "ok"), nil
				}}
				cfg := testConfig(f)
				cfg.AttemptTimeout, cfg.PoolWait = time.Hour, 3*time.Second
				cfg.Defects.SharedPool = defect
				c := newTestClient(t, cfg)
				ctx, cancel := context.WithCancel(t.Context())
				done := make(chan struct{}, 2)
				for range 2 {
					go func() { _, _ = c.Embed(ctx, []string{"x"}); done <- struct{}{} }()
				}
				synctest.Wait()
				start := time.Now()
				_, err := chat(t.Context(), c)
				took := time.Since(start)
				cancel()
				<-done
				<-done
				if !defect && (err != nil || took != 0) {
					t.Errorf("extraction: %v after %v; want success at once", err, took)
				}
				if defect && !errors.Is(err, ErrPoolFull) {
					t.Errorf("defect: extraction: %v after %v; want ErrPoolFull after the pool wait", err, took)
				}
			})
		})
	}
}

func poolWaitSum(t *testing.T, g prometheus.Gatherer) float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "hangar_llm_pool_wait_seconds" {
			for _, m := range mf.GetMetric() {
				if m.GetLabel()[0].GetValue() == "request" {
					return m.GetHistogram().GetSampleSum()
				}
			}
		}
	}
	t.Fatal("no hangar_llm_pool_wait_seconds{pool=request}")
	return 0
}

type callerKey struct{}

// withCaller tags a call so the fake can answer callers differently.
func withCaller(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, callerKey{}, name)
}

func defectName(name string, on bool) string {
	if on {
		return name
	}
	return "built-right"
}
