package report

import (
	"time"
)

// FormatVersion is the version of the report.json layout written by this
// package. ReadJSON refuses newer versions.
const FormatVersion = 1

// File names inside a run directory.
const (
	JSONFile    = "report.json"
	JUnitFile   = "junit.xml"
	HTMLFile    = "report.html"
	SummaryFile = "summary.txt"
)

// Report is the complete record of one run.
type Report struct {
	// FormatVersion is FormatVersion when written by this package.
	FormatVersion int `json:"format_version"`
	// Scenario identifies what was run.
	Scenario ScenarioInfo `json:"scenario"`
	// Seed is the seed actually used (after `--seed` overrides).
	Seed int64 `json:"seed"`
	// Versions maps component to version: "hangar", "go", "server",
	// "fakellm", and for external targets whatever they report.
	Versions map[string]string `json:"versions,omitempty"`
	// Target describes the server under test.
	Target TargetInfo `json:"target"`
	// Start and End are the wall-clock bounds of the run.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Verdict is the overall outcome: VerdictPass when every assertion
	// held, VerdictFail when one failed, VerdictInconclusive when none
	// failed but one could not be judged on this machine, VerdictError
	// when the harness could not finish (Error says why); see Outcome.
	Verdict Verdict `json:"verdict"`
	// Error is the harness or environment error, if any.
	Error string `json:"error,omitempty"`
	// Events is the timeline: steps fired, faults with start and end,
	// server lifecycle, notes; ordered by At.
	Events []Event `json:"events"`
	// Uploads is every upload, ordered by Index.
	Uploads []Upload `json:"uploads"`
	// Probes is every probe result, ordered by At.
	Probes []Probe `json:"probes"`
	// Samples are the recorded metric samples, ordered by At.
	Samples []Sample `json:"samples,omitempty"`
	// Assertions are the checked assertions in scenario order.
	Assertions []Assertion `json:"assertions"`
	// Leaks holds goroutine dumps attached by failed leak checks.
	Leaks []LeakDump `json:"leaks,omitempty"`
	// Diagnosis says why a failed run hung; nil for a passing run and
	// when no diagnosis was made.
	Diagnosis *Diagnosis `json:"diagnosis,omitempty"`
}

// ScenarioInfo identifies the scenario of a run.
type ScenarioInfo struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	File        string   `json:"file,omitempty"`
	Duration    Duration `json:"duration"`
	// Source is the scenario file's text as loaded.
	Source string `json:"source,omitempty"`
}

// TargetInfo describes the server under test.
type TargetInfo struct {
	Launch  string   `json:"launch"` // a launch.Names() value
	URL     string   `json:"url,omitempty"`
	Defects []string `json:"defects,omitempty"`
	LLMURL  string   `json:"llm_url,omitempty"`
	// Remote: the target (or the fake LLM's listener) is off loopback,
	// allowed by `hangar run --allow-remote`; an event says what was sent.
	Remote bool `json:"remote,omitempty"`
	// Egress is the run's refusing egress proxy, when the target had one.
	Egress *Egress `json:"egress,omitempty"`
	// API names the target's API profile ("everos", or the profile file).
	API string `json:"api,omitempty"`
	// DoneCount is the number of documents done by the profile's count
	// source, read after the drain (nil: the profile has none, or the read
	// failed).
	DoneCount *int `json:"done_count,omitempty"`
}

// Egress counts the target's attempts to reach beyond loopback through
// the run's refusing proxy (HTTP(S)_PROXY).
type Egress struct {
	Proxy   string         `json:"proxy"`
	Refused int            `json:"refused"`
	Hosts   map[string]int `json:"hosts,omitempty"`
}

// Verdict is the outcome of an assertion or a run.
type Verdict string

// Verdict values.
const (
	VerdictPass  Verdict = "pass"
	VerdictFail  Verdict = "fail"
	VerdictError Verdict = "error" // could not be evaluated (harness error, missing data)
	// VerdictInconclusive: the harness worked and the data was recorded,
	// but it cannot tell a slow target from a starved harness (health.p99
	// when the harness's own probe loop was starved in every window and
	// the data would have failed). Neither a pass nor a failure.
	VerdictInconclusive Verdict = "inconclusive"
)

// EventKind classifies timeline events.
type EventKind string

// EventKind values.
const (
	EventLLMPlan EventKind = "llm_plan" // fakellm plan replaced
	EventServer  EventKind = "server"   // kill, restart, pause, resume, start, stop
	EventPhase   EventKind = "phase"    // load started, load done, drain done, ...
	EventNote    EventKind = "note"     // anything else worth showing
)

// Event is one thing that happened during the run. A fault (Fault true)
// spans At..End and is shaded in plots; End zero means it lasted until the
// end of the run. Other events are instants (End zero).
type Event struct {
	At   Duration  `json:"at"`
	End  Duration  `json:"end,omitempty"`
	Kind EventKind `json:"kind"`
	// Name is short: "kill", "pause", "plan: close mid-body".
	Name string `json:"name"`
	// Detail is free text: the plan's rules, the signal, an error.
	Detail string `json:"detail,omitempty"`
	// Fault marks an event that injects a fault.
	Fault bool `json:"fault,omitempty"`
	// Step is the index into the scenario's timeline, -1 when the event
	// did not come from the timeline.
	Step int `json:"step"`
}

// Upload is one upload and its outcome.
type Upload struct {
	Index int `json:"index"` // 0-based, in issue order
	// Start is when the request was sent; Latency until the response (or
	// the error). An upload never answered has Latency = its timeout and
	// Error set.
	Start   Duration `json:"start"`
	Latency Duration `json:"latency"`
	// Status is the HTTP status, 0 when there was no response.
	Status int `json:"status"`
	// Accepted says the target's API profile counts the answer as
	// accepted (for everos: a 201); the document must then reach a
	// terminal state.
	Accepted bool   `json:"accepted,omitempty"`
	DocID    string `json:"doc_id,omitempty"`
	Error    string `json:"error,omitempty"`
	// Title and Bytes describe the uploaded document.
	Title string `json:"title,omitempty"`
	Bytes int    `json:"bytes,omitempty"`
	// DocStatus is the document's last observed state as the target
	// names it (everos: pending, indexing, indexed, failed; a document
	// endpoint: its HTTP status); DocPhase is what the profile makes of it
	// (PhaseDone, PhaseFailed, PhaseWorking). IndexedAt is when it was
	// first seen done (zero: never).
	DocStatus string   `json:"doc_status,omitempty"`
	DocPhase  string   `json:"doc_phase,omitempty"`
	IndexedAt Duration `json:"indexed_at,omitempty"`
}

// Document phases (Upload.DocPhase).
const (
	PhaseDone    = "done"
	PhaseFailed  = "failed"
	PhaseWorking = "working"
)

// Probe is one probe result.
type Probe struct {
	Name    string   `json:"name"` // "health"
	At      Duration `json:"at"`
	Latency Duration `json:"latency"`
	OK      bool     `json:"ok"`
	Status  int      `json:"status,omitempty"`
	Error   string   `json:"error,omitempty"`
	// Delay is how late the harness sent the probe after it was due (its
	// own scheduling delay), 0 when on time.
	Delay Duration `json:"delay,omitempty"`
}

// Sample is one scraped metric value.
type Sample struct {
	At     Duration          `json:"at"`
	Target string            `json:"target"` // "server", "fakellm", "harness"
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels,omitempty"`
	Value  float64           `json:"value"`
}

// Assertion is one checked expectation.
type Assertion struct {
	// Name is stable and dotted, the scenario's expect key path; use the
	// Assert* constants ("health.p99", "uploads.answered_within", ...).
	Name string `json:"name"`
	// Description says what is asserted, in words.
	Description string `json:"description"`
	// Measured is the measured value in human form ("4.8s", "3 of 20");
	// Value is the same as a number (seconds for durations) for metrics.
	Measured string  `json:"measured"`
	Value    float64 `json:"value"`
	// Threshold is the bound in human form ("<= 250ms"); Limit is the
	// same bound as a number in Value's unit (plots draw it).
	Threshold string  `json:"threshold"`
	Limit     float64 `json:"limit,omitempty"`
	Verdict   Verdict `json:"verdict"`
	// ExpectedFailure: the scenario lists the assertion in
	// expect_failures (a known defect of the target). A failure is then
	// reported as XFAIL and does not fail the run; a pass (XPASS) does.
	ExpectedFailure bool `json:"expected_failure,omitempty"`
	// Detail says where and when, e.g. "health p99 4.8s in window
	// 12s-17s, after upload 3".
	Detail string `json:"detail,omitempty"`
	// WindowStart..WindowEnd is the part of the run the verdict is about
	// (highlighted in plots); both zero when it is about the whole run.
	WindowStart Duration `json:"window_start,omitempty"`
	WindowEnd   Duration `json:"window_end,omitempty"`
}

// LeakDump is the evidence attached to a failed leak check.
type LeakDump struct {
	Target string `json:"target"` // "server", "harness"
	// Kind is "goroutineleak" (the leak profile), "goroutine-diff"
	// (grouped by top frame, before load vs after drain) or "goleak".
	Kind    string `json:"kind"`
	Summary string `json:"summary"`
	Stacks  string `json:"stacks"`
}

// Assertion names: the scenario's expect key paths. Plots recognise them
// (health thresholds are drawn on the health plot).
const (
	AssertHealthP99             = "health.p99"
	AssertHealthMax             = "health.max"
	AssertHealthFailures        = "health.failures"
	AssertUploadsAnsweredWithin = "uploads.answered_within"
	AssertUploadsStatus         = "uploads.status"
	AssertIndexedAllWithin      = "progress.indexed_all_within"
	AssertForwardWithin         = "progress.forward_within"
	AssertRecoveryWithin        = "recovery.within"
	AssertLeaksGoroutines       = "leaks.goroutines"
	AssertLLMCallsPerDocument   = "llm_calls_per_document.max"
	AssertResourcesRSS          = "resources.rss_growth"
	AssertResourcesHeap         = "resources.heap_growth"
	AssertResourcesGoroutines   = "resources.goroutine_growth"
	AssertEgressRefused         = "egress.refused"
)

// Metric names the progress plot draws when samples carry them.
const (
	MetricQueueDepth       = "hangar_cascade_queue_depth"       // server, by status
	MetricStoreQueueDepth  = "hangar_store_queue_depth"         // server
	MetricIndexedDocuments = "hangar_harness_indexed_documents" // harness
	MetricFakeLLMRequests  = "fakellm_requests_total"           // fakellm, by endpoint and outcome
)
