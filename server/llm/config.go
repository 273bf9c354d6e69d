package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Defaults, reused as flag defaults by `hangar server`.
const (
	DefaultChatModel          = "hangar-chat"
	DefaultEmbedModel         = "hangar-embed"
	DefaultAttemptTimeout     = 30 * time.Second
	DefaultCallBudget         = 2 * time.Minute
	DefaultMaxAttempts        = 3
	DefaultBackoffBase        = 250 * time.Millisecond
	DefaultBackoffMax         = 5 * time.Second
	DefaultRetryAfterMax      = 30 * time.Second
	DefaultRequestPoolSize    = 8
	DefaultBackgroundPoolSize = 4
	DefaultPoolWait           = 10 * time.Second
	DefaultBreakerFailures    = 5
	DefaultBreakerDelay       = 10 * time.Second
)

// Defects switch the client back to a failure class; see the package docs.
type Defects struct {
	SemAcrossRetries bool // bulkhead outside the retry, no backoff
	NoDeadline       bool // no per-attempt timeout, no call budget
	SharedPool       bool // embeddings share the request pool
}

// Config configures a Client. Zero durations and sizes take the defaults
// above (see withDefaults); Validate reports anything still wrong.
type Config struct {
	BaseURL      string // OpenAI base URL for chat, e.g. http://127.0.0.1:8585/v1
	EmbedBaseURL string // for embeddings; BaseURL when empty
	APIKey       string // sent as a bearer token; "hangar" when empty
	ChatModel    string
	EmbedModel   string

	AttemptTimeout time.Duration // deadline of one HTTP attempt
	// CallBudget bounds a whole call (all attempts and sleeps) when the
	// caller's ctx has no earlier deadline.
	CallBudget    time.Duration
	MaxAttempts   int
	BackoffBase   time.Duration // first backoff; doubles per retry
	BackoffMax    time.Duration
	RetryAfterMax time.Duration // a Retry-After longer than this is capped

	RequestPoolSize    int           // concurrent request-path attempts
	BackgroundPoolSize int           // concurrent background attempts
	PoolWait           time.Duration // longest wait for a slot before ErrPoolFull

	BreakerFailures uint          // consecutive failures that open a breaker
	BreakerDelay    time.Duration // open → half-open delay

	Defects Defects

	// Dial, when set, replaces the default transport's dialer (an
	// in-memory network in virtual-time tests); unused with Transport.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Transport carries the HTTP calls; a fresh *http.Transport when nil.
	// Tests pass an in-memory RoundTripper.
	Transport http.RoundTripper
	// Rand drives backoff jitter; seeded with 1 when nil. Guarded internally.
	Rand       *rand.Rand
	Registerer prometheus.Registerer // metrics go here; none when nil
	Logger     *slog.Logger
}

func (c Config) withDefaults() Config {
	setDur(&c.AttemptTimeout, DefaultAttemptTimeout)
	setDur(&c.CallBudget, DefaultCallBudget)
	setDur(&c.BackoffBase, DefaultBackoffBase)
	setDur(&c.BackoffMax, DefaultBackoffMax)
	setDur(&c.RetryAfterMax, DefaultRetryAfterMax)
	setDur(&c.PoolWait, DefaultPoolWait)
	setDur(&c.BreakerDelay, DefaultBreakerDelay)
	setInt(&c.MaxAttempts, DefaultMaxAttempts)
	setInt(&c.RequestPoolSize, DefaultRequestPoolSize)
	setInt(&c.BackgroundPoolSize, DefaultBackgroundPoolSize)
	if c.BreakerFailures == 0 {
		c.BreakerFailures = DefaultBreakerFailures
	}
	if c.EmbedBaseURL == "" {
		c.EmbedBaseURL = c.BaseURL
	}
	if c.APIKey == "" {
		c.APIKey = "hangar"
	}
	if c.ChatModel == "" {
		c.ChatModel = DefaultChatModel
	}
	if c.EmbedModel == "" {
		c.EmbedModel = DefaultEmbedModel
	}
	if c.Rand == nil {
		c.Rand = rand.New(rand.NewPCG(1, 2))
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports every problem in c (after defaults are applied).
func (c Config) Validate() error {
	var errs []error
	for _, u := range []named[string]{{"base url", c.BaseURL}, {"embed base url", c.EmbedBaseURL}} {
		if err := checkURL(u.v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", u.name, err))
		}
	}
	for _, d := range []named[time.Duration]{{"attempt timeout", c.AttemptTimeout}, {"call budget", c.CallBudget},
		{"backoff base", c.BackoffBase}, {"retry-after max", c.RetryAfterMax}, {"pool wait", c.PoolWait}, {"breaker delay", c.BreakerDelay}} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative, got %v", d.name, d.v))
		}
	}
	if c.BackoffMax < c.BackoffBase {
		errs = append(errs, fmt.Errorf("backoff max %v is below backoff base %v", c.BackoffMax, c.BackoffBase))
	}
	for _, n := range []named[int]{{"max attempts", c.MaxAttempts}, {"request pool size", c.RequestPoolSize}, {"background pool size", c.BackgroundPoolSize}} {
		if n.v < 1 {
			errs = append(errs, fmt.Errorf("%s must be at least 1, got %d", n.name, n.v))
		}
	}
	return errors.Join(errs...)
}

// named is a config value with its name, for validation in a fixed order.
type named[T any] struct {
	name string
	v    T
}

func checkURL(s string) error {
	if s == "" {
		return errors.New("required")
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

func setDur(d *time.Duration, def time.Duration) {
	if *d == 0 {
		*d = def
	}
}

func setInt(v *int, def int) {
	if *v == 0 {
		*v = def
	}
}

// CheckConfig applies the defaults to cfg and validates it, without building
// a client; it returns the completed config.
func CheckConfig(cfg Config) (Config, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("llm config: %w", err)
	}
	return cfg, nil
}
