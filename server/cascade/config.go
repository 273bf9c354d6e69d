package cascade

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	mrand "math/rand/v2"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Defaults for Config; reuse them as flag defaults.
const (
	DefaultWorkers      = 4
	DefaultBatchSize    = 50
	DefaultLease        = 2 * time.Minute
	DefaultPollInterval = 2 * time.Second
	DefaultEmbedTimeout = 30 * time.Second
	DefaultStoreTimeout = 10 * time.Second
	DefaultMaxAttempts  = 5
	DefaultBackoffBase  = time.Second
	DefaultBackoffMax   = time.Minute
)

// Config configures a Worker. Zero fields take the Default* values.
type Config struct {
	InstanceID string // lease owner; default host-pid-random
	Workers    int    // documents indexed concurrently
	BatchSize  int    // rows claimed at once under BatchBarrier

	Lease            time.Duration // claim lease; must exceed EmbedTimeout + 2*StoreTimeout
	WatchdogInterval time.Duration // how often expired leases are reclaimed; default Lease/4
	PollInterval     time.Duration // claim poll when no wake-up arrives; also refreshes gauges
	EmbedTimeout     time.Duration // deadline of one Embed call
	StoreTimeout     time.Duration // deadline of one store write
	MaxAttempts      int           // claims per document before it is marked failed
	BackoffBase      time.Duration // first retry delay; doubles per attempt, with jitter
	BackoffMax       time.Duration // cap of the retry delay

	Rand       *mrand.Rand           // jitter source, owned by this worker; default seeded from InstanceID
	Registerer prometheus.Registerer // cascade metrics; nil registers nothing
	Logger     *slog.Logger          // default discards

	// Defects (see doc.go): each switches the worker back to one EverOS 1.1.0
	// failure class.
	BatchBarrier        bool // "batch-barrier"
	NoLeaseExpiry       bool // "no-lease-expiry"
	StoreLockAcrossCall bool // "store-lock-across-call"
}

// DefaultConfig returns a Config with every numeric default filled in,
// except WatchdogInterval: 0 means Lease/4 of whatever Lease ends up set.
// InstanceID, Rand and Logger stay empty: New fills them per worker, so two
// workers built from one Config never share an owner id or a *rand.Rand.
func DefaultConfig() Config {
	var c Config
	c.fillDefaults()
	return c
}

func (c *Config) fill() {
	c.fillDefaults()
	setDefault(&c.WatchdogInterval, c.Lease/4) // follows the lease actually set
	c.fillIdentity()
}

func (c *Config) fillDefaults() {
	setDefault(&c.Workers, DefaultWorkers)
	setDefault(&c.BatchSize, DefaultBatchSize)
	setDefault(&c.MaxAttempts, DefaultMaxAttempts)
	setDefault(&c.Lease, DefaultLease)
	setDefault(&c.PollInterval, DefaultPollInterval)
	setDefault(&c.EmbedTimeout, DefaultEmbedTimeout)
	setDefault(&c.StoreTimeout, DefaultStoreTimeout)
	setDefault(&c.BackoffBase, DefaultBackoffBase)
	setDefault(&c.BackoffMax, DefaultBackoffMax)
}

func (c *Config) fillIdentity() {
	if c.InstanceID == "" {
		c.InstanceID = defaultInstanceID()
	}
	if c.Rand == nil {
		h := fnv.New64a()
		h.Write([]byte(c.InstanceID))
		c.Rand = mrand.New(mrand.NewPCG(h.Sum64(), 0))
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

func setDefault[T int | time.Duration](p *T, def T) {
	if *p == 0 {
		*p = def
	}
}

// Validate reports every invalid field at once.
func (c Config) Validate() error {
	var errs []error
	for _, f := range []struct {
		name string
		v    int
	}{{"workers", c.Workers}, {"batch_size", c.BatchSize}, {"max_attempts", c.MaxAttempts}} {
		if f.v < 0 {
			errs = append(errs, fmt.Errorf("cascade config: %s %d is negative", f.name, f.v))
		}
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"lease", c.Lease}, {"watchdog_interval", c.WatchdogInterval}, {"poll_interval", c.PollInterval},
		{"embed_timeout", c.EmbedTimeout}, {"store_timeout", c.StoreTimeout},
		{"backoff_base", c.BackoffBase}, {"backoff_max", c.BackoffMax}} {
		if f.d < 0 {
			errs = append(errs, fmt.Errorf("cascade config: %s %v is negative", f.name, f.d))
		}
	}
	// One attempt is an embed call plus two store writes (upsert, mark).
	if attempt := c.EmbedTimeout + 2*c.StoreTimeout; c.Lease > 0 && c.Lease <= attempt {
		errs = append(errs, fmt.Errorf("cascade config: lease %v must exceed embed_timeout + 2 x store_timeout (%v)",
			c.Lease, attempt))
	}
	return errors.Join(errs...)
}

func defaultInstanceID() string {
	host, _ := os.Hostname()
	var b [3]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
