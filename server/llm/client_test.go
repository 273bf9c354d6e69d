package llm

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestChatReturnsContent(t *testing.T) {
	f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) { return chatOK(r, `{"a":1}`), nil }}
	c := newTestClient(t, testConfig(f))
	got, err := chat(t.Context(), c)
	if err != nil || got != `{"a":1}` {
		t.Fatalf("Chat = %q, %v; want {\"a\":1}", got, err)
	}
	if n := testutil.ToFloat64(c.m.attempts.WithLabelValues("extraction", "ok")); n != 1 {
		t.Errorf("attempts{ok} = %v, want 1", n)
	}
}

func TestEmbedOrdersVectors(t *testing.T) {
	f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) { return embedOK(r, 3, 4), nil }}
	c := newTestClient(t, testConfig(f))
	got, err := c.Embed(t.Context(), []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v[0] != float32(i+1) {
			t.Errorf("vector %d starts with %v, want %v (answer order not restored)", i, v[0], i+1)
		}
	}
}

func TestOutcomeErrors(t *testing.T) {
	tests := []struct {
		name     string
		give     func(n int, r *http.Request) (*http.Response, error)
		want     error
		attempts int
	}{
		{"400 is not retried", func(_ int, r *http.Request) (*http.Response, error) { return apiError(r, 400), nil }, ErrRejected, 1},
		{"500 exhausts retries", func(_ int, r *http.Request) (*http.Response, error) { return apiError(r, 500), nil }, ErrUnavailable, 3},
		{"empty choices", func(_ int, r *http.Request) (*http.Response, error) {
			return respond(r, 200, `{"id":"x","choices":[]}`), nil
		}, ErrBadResponse, 3},
		{"garbage body", func(_ int, r *http.Request) (*http.Response, error) { return respond(r, 200, `{"choices":[{`), nil }, ErrUnavailable, 3},
		{"500 then ok", func(n int, r *http.Request) (*http.Response, error) {
			if n < 3 {
				return apiError(r, 502), nil
			}
			return chatOK(r, "fine"), nil
		}, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeLLM{script: tt.give}
				c := newTestClient(t, testConfig(f))
				_, err := chat(t.Context(), c)
				if !errors.Is(err, tt.want) && (tt.want != nil || err != nil) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				if n := f.count(chatPath); n != tt.attempts {
					t.Errorf("%d requests, want %d", n, tt.attempts)
				}
			})
		})
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeLLM{script: func(n int, r *http.Request) (*http.Response, error) {
			if n < 4 {
				return apiError(r, 503), nil
			}
			return chatOK(r, "ok"), nil
		}}
		cfg := testConfig(f)
		cfg.MaxAttempts = 4
		c := newTestClient(t, cfg)
		if _, err := chat(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		at := f.arrivals()
		for i, base := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond} {
			gap := at[i+1].Sub(at[i])
			if gap < base/2 || gap > base {
				t.Errorf("sleep before attempt %d = %v, want within [%v, %v]", i+2, gap, base/2, base)
			}
		}
	})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	for _, hdr := range [][]string{{"Retry-After", "3"}, {"Retry-After-Ms", "3000"}} {
		t.Run(hdr[0], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeLLM{script: func(n int, r *http.Request) (*http.Response, error) {
					if n == 1 {
						return apiError(r, 429, hdr...), nil
					}
					return chatOK(r, "ok"), nil
				}}
				c := newTestClient(t, testConfig(f))
				if _, err := chat(t.Context(), c); err != nil {
					t.Fatal(err)
				}
				at := f.arrivals()
				if gap := at[1].Sub(at[0]); gap != 3*time.Second {
					t.Errorf("slept %v before the retry, want the server's 3s", gap)
				}
			})
		})
	}
}

func TestRetryAfterBeyondDeadlineFailsFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) {
			return apiError(r, 429, "Retry-After", "20"), nil
		}}
		c := newTestClient(t, testConfig(f))
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := chat(ctx, c)
		if !errors.Is(err, ErrUnavailable) || RetryAfter(err) != 20*time.Second {
			t.Fatalf("err = %v (retry after %v), want ErrUnavailable with the 20s hint", err, RetryAfter(err))
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("took %v, want an immediate answer", d)
		}
	})
}

func TestAttemptDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) { return hang(r) }}
		c := newTestClient(t, testConfig(f))
		start := time.Now()
		_, err := chat(t.Context(), c)
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		if d := time.Since(start); d > 3*2*time.Second+time.Second {
			t.Errorf("took %v, want 3 attempts of 2s plus short backoffs", d)
		}
		if n := testutil.ToFloat64(c.m.attempts.WithLabelValues("extraction", "timeout")); n != 3 {
			t.Errorf("attempts{timeout} = %v, want 3", n)
		}
	})
}

func TestCallBudget(t *testing.T) {
	tests := []struct {
		name   string
		ctx    time.Duration // caller deadline; 0 = none
		budget time.Duration
		want   time.Duration
	}{
		{"caller deadline", 3 * time.Second, time.Minute, 3 * time.Second},
		{"call budget", 0, 4 * time.Second, 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) { return hang(r) }}
				cfg := testConfig(f)
				cfg.AttemptTimeout, cfg.CallBudget = time.Hour, tt.budget
				c := newTestClient(t, cfg)
				ctx := t.Context()
				if tt.ctx > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.ctx)
					defer cancel()
				}
				start := time.Now()
				_, err := chat(ctx, c)
				if !errors.Is(err, ErrBudget) || time.Since(start) != tt.want {
					t.Fatalf("err = %v after %v, want ErrBudget after %v", err, time.Since(start), tt.want)
				}
			})
		})
	}
}

func TestBreakerOpensFailsFastAndRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		healthy := false
		f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) {
			if healthy {
				return chatOK(r, "ok"), nil
			}
			return apiError(r, 500), nil
		}}
		cfg := testConfig(f)
		cfg.BreakerFailures = 3
		c := newTestClient(t, cfg)
		if _, err := chat(t.Context(), c); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("first call: %v, want ErrUnavailable", err)
		}
		before := f.count(chatPath)
		_, err := chat(t.Context(), c)
		if !errors.Is(err, ErrBreakerOpen) || RetryAfter(err) <= 0 || RetryAfter(err) > cfg.BreakerDelay {
			t.Fatalf("second call: %v (retry after %v), want ErrBreakerOpen with a hint", err, RetryAfter(err))
		}
		if f.count(chatPath) != before {
			t.Error("an open breaker still sent a request")
		}
		if got := breakerValue(c.breakers[PurposeExtraction].State()); got != 2 {
			t.Errorf("breaker gauge = %v, want 2 (open)", got)
		}
		time.Sleep(cfg.BreakerDelay)
		healthy = true // the test goroutine is the only writer; no call is in flight
		if _, err := chat(t.Context(), c); err != nil {
			t.Fatalf("after the delay: %v, want success (half-open probe)", err)
		}
		if !c.breakers[PurposeExtraction].IsClosed() {
			t.Error("breaker did not close after a successful probe")
		}
	})
}

func TestMetricsLint(t *testing.T) {
	f := &fakeLLM{script: func(_ int, r *http.Request) (*http.Response, error) { return chatOK(r, "x"), nil }}
	reg := prometheus.NewRegistry()
	cfg := testConfig(f)
	cfg.Registerer = reg
	c := newTestClient(t, cfg)
	if _, err := chat(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	problems, err := testutil.GatherAndLint(reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint %s: %s", p.Metric, p.Text)
	}
	n, err := testutil.GatherAndCount(reg, "hangar_llm_attempts_total", "hangar_llm_attempt_duration_seconds",
		"hangar_llm_pool_wait_seconds", "hangar_llm_inflight", "hangar_llm_breaker_state")
	if err != nil || n < 5 {
		t.Errorf("gathered %d contract series (%v), want all five names present", n, err)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		give func(*Config)
		want string
	}{
		{"no base url", func(c *Config) { c.BaseURL = "" }, "base url: required"},
		{"bad scheme", func(c *Config) { c.BaseURL = "ftp://x" }, "not an http(s) URL"},
		{"negative pool", func(c *Config) { c.RequestPoolSize = -1 }, "request pool size must be at least 1"},
		{"negative timeout", func(c *Config) { c.AttemptTimeout = -time.Second }, "attempt timeout must not be negative"},
		{"backoff order", func(c *Config) { c.BackoffBase, c.BackoffMax = time.Second, time.Millisecond }, "backoff max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(&fakeLLM{})
			tt.give(&cfg)
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v, want error containing %q", err, tt.want)
			}
		})
	}
}
