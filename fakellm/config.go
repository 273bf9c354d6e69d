package fakellm

import (
	"fmt"
	"log/slog"
	"net"
)

// Defaults, reused as flag defaults by `hangar fakellm`.
const (
	DefaultAddr = "127.0.0.1:0"
	// DefaultListenAddr is the address `hangar fakellm` listens on.
	DefaultListenAddr   = "127.0.0.1:8585"
	DefaultEmbeddingDim = 1024
	DefaultJournalLimit = 10000
	DefaultMaxBodyBytes = 32 << 20
	// DefaultChatModel and DefaultEmbeddingModel are listed by /v1/models
	// when Config.Models is empty (any model name is then accepted).
	DefaultChatModel      = "fakellm-chat"
	DefaultEmbeddingModel = "fakellm-embedding"
)

// Config configures a Server. The zero value is usable.
type Config struct {
	// Addr is the listen address, default 127.0.0.1:0.
	Addr string
	// Listener, when set, is served instead of listening on Addr (an
	// in-memory listener for tests in virtual time); Close closes it.
	Listener net.Listener
	// Seed seeds generated content, and plan draws when the plan has no
	// seed of its own.
	Seed int64
	// Models lists the served models. Empty: any model name is accepted
	// and /v1/models lists the two defaults. Set: other names get 404
	// model_not_found, as from OpenAI.
	Models []string
	// EmbeddingDim is the default vector size, default 1024.
	EmbeddingDim int
	// Plan is the fault plan in force at start; nil answers everything.
	Plan *Plan
	// Logger receives one line per fault and lifecycle events; default
	// discards.
	Logger *slog.Logger
	// JournalLimit caps the journal (oldest entries drop), default 10000.
	JournalLimit int
	// MaxBodyBytes caps request bodies (413 beyond), default 32 MiB.
	MaxBodyBytes int64
}

// withDefaults fills zero fields and validates the rest.
func (c Config) withDefaults() (Config, error) {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.EmbeddingDim == 0 {
		c.EmbeddingDim = DefaultEmbeddingDim
	}
	if c.JournalLimit == 0 {
		c.JournalLimit = DefaultJournalLimit
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case c.EmbeddingDim < 1 || c.EmbeddingDim > maxEmbeddingDim:
		return c, fmt.Errorf("embedding dim %d outside [1, %d]", c.EmbeddingDim, maxEmbeddingDim)
	case c.JournalLimit < 1:
		return c, fmt.Errorf("journal limit %d must be positive", c.JournalLimit)
	case c.MaxBodyBytes < 1:
		return c, fmt.Errorf("max body bytes %d must be positive", c.MaxBodyBytes)
	}
	for _, m := range c.Models {
		if m == "" {
			return c, fmt.Errorf("empty model name in models")
		}
	}
	return c, nil
}

const maxEmbeddingDim = 16384
