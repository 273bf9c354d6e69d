package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/bulkhead"
	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	openai "github.com/sashabaranov/go-openai"
)

// Purpose names what an LLM call is for; it labels metrics and picks the
// pool and the circuit breaker.
type Purpose string

// The purposes hangar calls the LLM for.
const (
	PurposeExtraction     Purpose = "extraction"
	PurposeClassification Purpose = "classification"
	PurposeEmbedding      Purpose = "embedding"       // cascade: background pool
	PurposeQueryEmbedding Purpose = "query_embedding" // search: request pool
)

var purposes = []Purpose{PurposeExtraction, PurposeClassification, PurposeEmbedding, PurposeQueryEmbedding}

// pool is one bulkhead: a bounded number of concurrent attempts.
type pool struct {
	name string
	bh   bulkhead.Bulkhead[any]
}

// Client calls an OpenAI-compatible LLM through hangar's resilience policies.
// It is safe for concurrent use. Close releases idle connections.
type Client struct {
	cfg        Config
	chat       *openai.Client
	embed      *openai.Client
	transport  http.RoundTripper
	m          *metrics
	request    *pool
	background *pool
	breakers   map[Purpose]circuitbreaker.CircuitBreaker[any]

	randMu sync.Mutex // guards cfg.Rand
}

// New builds a Client from cfg (defaults applied, then validated) and
// registers its metrics with cfg.Registerer.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("llm config: %w", err)
	}
	c := &Client{cfg: cfg, m: newMetrics(), breakers: map[Purpose]circuitbreaker.CircuitBreaker[any]{}}
	c.transport = cfg.Transport
	if c.transport == nil {
		c.transport = newTransport(cfg.Dial)
	}
	doer := headerDoer{c: &http.Client{Transport: c.transport}}
	c.chat = openai.NewClientWithConfig(openaiConfig(cfg.BaseURL, cfg.APIKey, doer))
	c.embed = openai.NewClientWithConfig(openaiConfig(cfg.EmbedBaseURL, cfg.APIKey, doer))
	c.request = c.newPool("request", cfg.RequestPoolSize)
	c.background = c.newPool("background", cfg.BackgroundPoolSize)
	if cfg.Defects.SharedPool {
		c.background = c.request
	}
	for _, p := range purposes {
		c.breakers[p] = c.newBreaker(p)
		c.m.breakers.breakers = append(c.m.breakers.breakers, namedBreaker{p, c.breakers[p]})
	}
	if err := c.m.register(cfg.Registerer); err != nil {
		return nil, fmt.Errorf("llm metrics: %w", err)
	}
	return c, nil
}

func openaiConfig(baseURL, key string, doer openai.HTTPDoer) openai.ClientConfig {
	oc := openai.DefaultConfig(key)
	oc.BaseURL = baseURL
	oc.HTTPClient = doer
	return oc
}

// newTransport has a dial timeout but no overall timeout: per-attempt
// deadlines come from the timeout policy through the request context.
func newTransport(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Transport {
	if dial == nil {
		dial = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	return &http.Transport{
		DialContext:         dial,
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 32,
		IdleConnTimeout:     90 * time.Second,
	}
}

func (c *Client) newPool(name string, size int) *pool {
	inflight := c.m.inflight.WithLabelValues(name)
	wait := c.m.poolWait.WithLabelValues(name)
	bh := bulkhead.NewBuilder[any](uint(size)).
		WithMaxWaitTime(c.cfg.PoolWait).
		OnAcquired(func(e failsafe.ExecutionEvent[any]) {
			wait.Observe(time.Since(e.AttemptStartTime()).Seconds())
			inflight.Inc()
		}).
		OnReleased(func(failsafe.ExecutionEvent[any]) { inflight.Dec() }).
		Build()
	return &pool{name: name, bh: bh}
}

func (c *Client) newBreaker(p Purpose) circuitbreaker.CircuitBreaker[any] {
	return circuitbreaker.NewBuilder[any]().
		HandleIf(func(_ any, err error) bool { return breakerFailure(err) }).
		WithFailureThreshold(c.cfg.BreakerFailures).
		WithSuccessThreshold(1).
		WithDelay(c.cfg.BreakerDelay).
		OnStateChanged(func(e circuitbreaker.StateChangedEvent) {
			c.cfg.Logger.Warn("llm circuit breaker", "purpose", p, "from", e.OldState, "to", e.NewState)
		}).
		Build()
}

// poolFor returns the bulkhead a purpose draws its slots from.
func (c *Client) poolFor(p Purpose) *pool {
	if p == PurposeEmbedding {
		return c.background
	}
	return c.request
}

// Close releases idle connections. In-flight calls end with their contexts.
func (c *Client) Close() error {
	if ci, ok := c.transport.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
	return nil
}

// call runs fn under the policies for purpose p and classifies the failure.
func (c *Client) call(ctx context.Context, p Purpose, fn func(context.Context) (any, error)) (any, error) {
	if err := c.breakerFastFail(p); err != nil {
		return nil, err
	}
	ctx, cancel := c.budget(ctx)
	defer cancel()
	var attempts atomic.Int32
	attempt := func(exec failsafe.Execution[any]) (any, error) {
		attempts.Add(1)
		return c.attempt(ctx, exec, p, fn)
	}
	v, err := failsafe.With(c.policies(ctx, p)...).WithContext(ctx).GetWithExecution(attempt)
	if err == nil {
		return v, nil
	}
	e := classify(p, int(attempts.Load()), ctx, err)
	c.countRejection(p, e)
	if errors.Is(e, ErrBreakerOpen) {
		e.RetryAfter = c.breakers[p].RemainingDelay()
	}
	return nil, e
}

// breakerFastFail refuses a call while the breaker is open and its delay
// has not passed, before waiting for a slot.
func (c *Client) breakerFastFail(p Purpose) error {
	cb := c.breakers[p]
	if !cb.IsOpen() {
		return nil
	}
	if d := cb.RemainingDelay(); d > 0 {
		c.m.attempts.WithLabelValues(string(p), "breaker_open").Inc()
		return &Error{Purpose: p, Kind: ErrBreakerOpen, RetryAfter: d, Err: circuitbreaker.ErrOpen}
	}
	return nil
}

func (c *Client) countRejection(p Purpose, e *Error) {
	switch {
	case errors.Is(e, ErrBreakerOpen):
		c.m.attempts.WithLabelValues(string(p), "breaker_open").Inc()
	case errors.Is(e, ErrPoolFull):
		c.m.attempts.WithLabelValues(string(p), "pool_full").Inc()
	}
}

// budget bounds the whole call unless the caller's ctx already ends sooner.
// With the no-llm-deadline defect there is no bound at all.
func (c *Client) budget(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.cfg.Defects.NoDeadline {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.cfg.CallBudget)
}

// attempt is one HTTP attempt: it observes duration and outcome and attaches
// the response's Retry-After to the error.
func (c *Client) attempt(callCtx context.Context, exec failsafe.Execution[any], p Purpose, fn func(context.Context) (any, error)) (any, error) {
	actx, sink := withHeaderSink(exec.Context())
	start := time.Now()
	v, err := fn(actx)
	c.m.duration.WithLabelValues(string(p)).Observe(time.Since(start).Seconds())
	label := outcome(err)
	if err != nil && callCtx.Err() == nil && exec.IsCanceled() {
		label = "timeout" // the per-attempt timeout cancelled it, not the caller
	}
	c.m.attempts.WithLabelValues(string(p), label).Inc()
	if err != nil {
		return nil, &attemptError{err: err, status: statusOf(err), retryAfter: sink.retryAfter(time.Now())}
	}
	return v, nil
}
