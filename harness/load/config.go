package load

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/hangarhq/hangar/harness/profile"
	"github.com/hangarhq/hangar/internal/placeholder"
)

// Defaults, reused as flag and scenario defaults.
const (
	DefaultConcurrency = 1
	DefaultTimeout     = 30 * time.Second
	// DefaultMaxBody caps how much of each response body is kept.
	DefaultMaxBody = 64 << 10
	// OrdinalParam is the query parameter that carries an upload's ordinal.
	OrdinalParam = "hangar_upload"
)

// Config says how many documents to upload, how fast and where.
type Config struct {
	// URL is the API base URL, e.g. http://127.0.0.1:8000.
	URL string
	// Count is the number of uploads.
	Count int
	// Interval is the time between upload starts; zero sends as fast as
	// Concurrency allows (back-to-back with Concurrency 1).
	Interval time.Duration
	// Concurrency bounds uploads in flight (vegeta MaxWorkers).
	Concurrency int
	// Timeout bounds each upload, from first byte sent to last byte read.
	Timeout time.Duration
	// Profile says how each document is sent and its answer read (nil:
	// the built-in everos profile).
	Profile *profile.Profile
	// Launch holds the launcher's placeholder values for the profile's
	// templates (nil: none).
	Launch placeholder.Lookup
	// Seed fixes each document's {{doc_uuid}}.
	Seed int64
	// Dial, when set, replaces the transport's dialer (an in-memory
	// network in virtual time).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// OnStart, when set, is called as each upload is sent (after the
	// gate), from the sending goroutine.
	OnStart func(ordinal int, at time.Time)
}

func (c Config) withDefaults() Config {
	if c.Concurrency <= 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Profile == nil {
		c.Profile, _ = profile.Builtin(profile.Everos) // built in: cannot fail
	}
	return c
}

func (c Config) validate() error {
	switch {
	case c.URL == "":
		return errors.New("load: no target url")
	case c.Count < 0:
		return fmt.Errorf("load: count %d is negative", c.Count)
	case c.Interval < 0:
		return fmt.Errorf("load: interval %s is negative", c.Interval)
	}
	return nil
}
