package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hangarhq/hangar/internal/loopback"
	"github.com/hangarhq/hangar/server/cascade"
	"github.com/hangarhq/hangar/server/llm"
	"github.com/hangarhq/hangar/server/store"
	"github.com/prometheus/client_golang/prometheus"
)

// Defaults, reused as flag defaults by `hangar server`.
const (
	DefaultAddr                 = "127.0.0.1:8000"
	DefaultAdminAddr            = "127.0.0.1:8001"
	DefaultDataDir              = "./data"
	DefaultLLMBaseURL           = "http://127.0.0.1:8585/v1"
	DefaultRequestBudget        = 60 * time.Second
	DefaultMaxUploadBytes       = 50 << 20
	DefaultMaxConcurrentUploads = 32
	DefaultUploadQueueWait      = 2 * time.Second
	DefaultReadHeaderTimeout    = 5 * time.Second
	DefaultReadTimeout          = 5 * time.Minute
	DefaultIdleTimeout          = 2 * time.Minute
	DefaultShutdownTimeout      = 20 * time.Second

	// lancedbBackend is the name server/store/lancedb registers under
	// (only with -tags lancedb); named here for the hint in checkStore.
	lancedbBackend = "lancedb"
)

// Config configures a Server. DefaultConfig fills every field; Validate
// checks them all in one place.
type Config struct {
	Addr         string // API listener
	AdminAddr    string // admin listener (/health /ready /metrics /debug/pprof); loopback only
	DataDir      string // documents, markdown and the SQLite database
	Store        string // vector backend, one of store.VectorBackends(); "" is store.DefaultVectorBackend
	LLMBaseURL   string // OpenAI base URL for chat, e.g. http://127.0.0.1:8585/v1
	EmbedBaseURL string // for embeddings; LLMBaseURL when empty
	LLMModel     string
	EmbedModel   string
	APIKey       string
	Defects      []string // names from DefectNames

	RequestBudget        time.Duration // total time an upload or search may take
	MaxUploadBytes       int64         // request body limit; larger is 413
	MaxConcurrentUploads int           // upload limiter slots
	UploadQueueWait      time.Duration // longest wait for a limiter slot before 503
	ReadHeaderTimeout    time.Duration
	ReadTimeout          time.Duration
	IdleTimeout          time.Duration
	ShutdownTimeout      time.Duration // used by `hangar server` on SIGTERM
	StoreQueueSize       int           // single-writer queue bound; full is 503
	Categories           []string      // offered to the classifier

	LLM     llm.Config     // timeouts, retries, pools, breaker (URLs, models, defects are set from above)
	Cascade cascade.Config // workers, lease, batch size (defects are set from above)

	Logger *slog.Logger
	// Registerer receives every metric; nil means the server's own registry
	// (with Go and process collectors). Admin /metrics serves it when it is
	// also a Gatherer (a *prometheus.Registry), else the default gatherer.
	Registerer prometheus.Registerer
	// LLMTransport replaces the LLM client's HTTP transport (tests).
	LLMTransport http.RoundTripper
	// StoreSyncHook is store.Config.SyncHook (tests and benchmarks).
	StoreSyncHook func(store.SyncEvent)
}

// DefaultConfig returns the configuration `hangar server` starts from.
func DefaultConfig() Config {
	return Config{
		Addr: DefaultAddr, AdminAddr: DefaultAdminAddr, DataDir: DefaultDataDir, Store: store.DefaultVectorBackend,
		LLMBaseURL: DefaultLLMBaseURL, LLMModel: llm.DefaultChatModel, EmbedModel: llm.DefaultEmbedModel,
		RequestBudget: DefaultRequestBudget, MaxUploadBytes: DefaultMaxUploadBytes,
		MaxConcurrentUploads: DefaultMaxConcurrentUploads, UploadQueueWait: DefaultUploadQueueWait,
		ReadHeaderTimeout: DefaultReadHeaderTimeout, ReadTimeout: DefaultReadTimeout,
		IdleTimeout: DefaultIdleTimeout, ShutdownTimeout: DefaultShutdownTimeout,
		LLM: llm.Config{
			AttemptTimeout: llm.DefaultAttemptTimeout, CallBudget: llm.DefaultCallBudget,
			MaxAttempts: llm.DefaultMaxAttempts, BackoffBase: llm.DefaultBackoffBase, BackoffMax: llm.DefaultBackoffMax,
			RetryAfterMax: llm.DefaultRetryAfterMax, RequestPoolSize: llm.DefaultRequestPoolSize,
			BackgroundPoolSize: llm.DefaultBackgroundPoolSize, PoolWait: llm.DefaultPoolWait,
			BreakerFailures: llm.DefaultBreakerFailures, BreakerDelay: llm.DefaultBreakerDelay,
		},
		Cascade: cascade.DefaultConfig(),
	}
}

// Validate reports every invalid field at once.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.DataDir == "" {
		add("data dir is required")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		add("addr %q: %v", c.Addr, err)
	}
	if err := checkLoopback(c.AdminAddr); err != nil {
		add("admin addr %q: %v", c.AdminAddr, err)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"request budget", c.RequestBudget}, {"read header timeout", c.ReadHeaderTimeout},
		{"read timeout", c.ReadTimeout}, {"idle timeout", c.IdleTimeout}, {"shutdown timeout", c.ShutdownTimeout}} {
		if d.v <= 0 {
			add("%s must be positive, got %v", d.name, d.v)
		}
	}
	if c.UploadQueueWait < 0 {
		add("upload queue wait must not be negative, got %v", c.UploadQueueWait)
	}
	if c.MaxUploadBytes < 1 || c.MaxConcurrentUploads < 1 || c.StoreQueueSize < 0 {
		add("max upload bytes (%d) and max concurrent uploads (%d) must be at least 1, store queue size (%d) not negative",
			c.MaxUploadBytes, c.MaxConcurrentUploads, c.StoreQueueSize)
	}
	if err := checkStore(c.Store); err != nil {
		errs = append(errs, err)
	}
	if err := checkDefects(c.Defects); err != nil {
		errs = append(errs, err)
	}
	if _, err := llm.CheckConfig(c.llmConfig()); err != nil {
		errs = append(errs, err)
	}
	if err := c.cascadeConfig().Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkStore accepts "" (the default) and the registered vector backends.
// LanceDB registers itself only in builds with -tags lancedb; the error says
// so when it is missing, since that is the usual reason for asking for it.
func checkStore(name string) error {
	have := store.VectorBackends()
	if name == "" || slices.Contains(have, name) {
		return nil
	}
	hint := ""
	if !slices.Contains(have, lancedbBackend) {
		hint = "; " + lancedbBackend + " needs a build with -tags lancedb"
	}
	return fmt.Errorf("store %q unknown (have %s%s)", name, strings.Join(have, ", "), hint)
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if !loopback.Host(host) {
		return errors.New("the admin listener must bind a loopback address (127.0.0.1, ::1 or localhost)")
	}
	return nil
}

// llmConfig is c.LLM with the server-level fields and defects applied.
func (c Config) llmConfig() llm.Config {
	d := newDefectSet(c.Defects)
	lc := c.LLM
	lc.BaseURL, lc.EmbedBaseURL, lc.APIKey = c.LLMBaseURL, c.EmbedBaseURL, c.APIKey
	lc.ChatModel, lc.EmbedModel = c.LLMModel, c.EmbedModel
	lc.Defects = llm.Defects{
		SemAcrossRetries: d[DefectSemAcrossRetries],
		NoDeadline:       d[DefectNoLLMDeadline],
		SharedPool:       d[DefectSharedLLMPool],
	}
	lc.Transport, lc.Logger = c.LLMTransport, c.Logger
	return lc
}

// cascadeConfig is c.Cascade with the defects applied.
func (c Config) cascadeConfig() cascade.Config {
	d := newDefectSet(c.Defects)
	cc := c.Cascade
	cc.BatchBarrier = d[DefectBatchBarrier]
	cc.NoLeaseExpiry = d[DefectNoLeaseExpiry]
	cc.StoreLockAcrossCall = d[DefectStoreLockAcrossCall]
	cc.Logger = c.Logger
	return cc
}
