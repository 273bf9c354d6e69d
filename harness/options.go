package harness

import (
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/hangarhq/hangar/harness/scenario"
	"github.com/hangarhq/hangar/harness/telemetry"
)

// Defaults for run-level settings, reused as flag defaults.
const (
	// DefaultReadyTimeout bounds the wait for the launched server's health.
	DefaultReadyTimeout = 20 * time.Second
	// DefaultDrainBound bounds the wait for the queue to drain when the
	// scenario states no progress bound.
	DefaultDrainBound = 30 * time.Second
	// DefaultLeakSettle is how long goroutines may take to wind down after
	// the drain before a leak is reported.
	DefaultLeakSettle = 5 * time.Second
	// CleanupTimeout bounds stopping the target and the fake LLM after the
	// hard stop.
	CleanupTimeout = 15 * time.Second
)

// ErrHardStop is the cause of a run's context when the scenario's
// duration ran out.
var ErrHardStop = errors.New("scenario duration reached (hard stop)")

// Options configure one run.
type Options struct {
	Scenario *scenario.Scenario
	// OutDir receives report.json, junit.xml, report.html, summary.txt
	// and server.log. Required.
	OutDir string
	// Seed overrides the scenario's seed when non-nil.
	Seed *int64
	// TargetURL makes the target external at that URL.
	TargetURL string
	// AllowRemote accepts a TargetURL or LLMAddr off loopback (hangar run
	// --allow-remote); the run then says what it sends where.
	AllowRemote bool
	// Defects overrides the scenario's defects when non-nil.
	Defects []string
	// ServerBin is the binary run by the subprocess launcher.
	ServerBin string
	// LLMAddr is the fake LLM's listen address (default 127.0.0.1:0);
	// external targets need a fixed one to point their base_url at.
	LLMAddr string
	// LLMURL, when set, uses the fake LLM already running there (e.g.
	// `hangar fakellm` elsewhere, or a container) through its admin API
	// instead of starting one in process.
	LLMURL string
	// Metrics, when set, is updated live (hangar run --metrics-addr).
	Metrics *telemetry.Metrics
	// Status receives the live status line (package statusline); TTY selects the
	// redrawn-in-place form over plain periodic lines.
	Status io.Writer
	TTY    bool
	// Logger receives harness logs; nil discards.
	Logger *slog.Logger
	// FailFast ends the run at the first assertion that has certainly
	// failed (health max, failures or a complete p99 window, an upload
	// late or with a bad status, indexing stalled past forward_within);
	// the chaos matrix uses it to save time.
	FailFast bool
	// LeakSettle overrides DefaultLeakSettle.
	LeakSettle time.Duration
	// Version is written into the report's versions.
	Version string
	// Network, when set, carries every connection of the run (virtual
	// time, see virtual.go); nil is the real network.
	Network Network
}
