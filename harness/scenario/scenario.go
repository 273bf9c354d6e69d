package scenario

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/internal/strictyaml"
)

// Defaults applied to keys a scenario leaves out. They double as flag
// defaults where a command exposes the same setting.
const (
	DefaultLaunch          = LaunchSubprocess
	DefaultLLMLaunch       = LLMInprocess
	DefaultUploadSize      = 8 * KiB
	DefaultConcurrency     = 1
	DefaultUploadTimeout   = 30 * time.Second
	DefaultHealthInterval  = 100 * time.Millisecond
	DefaultHealthTimeout   = time.Second
	DefaultHealthPath      = "/health"
	DefaultMetricsInterval = time.Second
	DefaultCorpus          = CorpusGenerated
)

// Scenario is one loaded, defaulted and validated scenario file.
type Scenario struct {
	// Name identifies the scenario in reports and output directories
	// ([a-z0-9._-]+).
	Name string `yaml:"name"`
	// Description is one line saying what the scenario reproduces.
	Description string `yaml:"description"`
	// Seed drives every random choice: corpus, fakellm content and
	// probabilistic fault rules. `hangar run --seed` overrides it.
	Seed int64 `yaml:"seed"`
	// Duration is the hard stop for the whole run, load and checks included.
	Duration time.Duration `yaml:"duration"`
	// Target says what to launch or where to find it.
	Target Target `yaml:"target"`
	// Load is the work driven against the server.
	Load Workload `yaml:"load"`
	// Probes are measurements taken on their own schedule.
	Probes Probes `yaml:"probes"`
	// Timeline lists faults and actions, each fired once, by time or by
	// the number of uploads answered.
	Timeline []Step `yaml:"timeline"`
	// Expect holds the assertions that decide the verdict. At least one
	// must be stated.
	Expect Expect `yaml:"expect"`

	// File is the name the scenario was loaded from (a path, or the
	// embedded file name). Errors and reports use it.
	File string `yaml:"-"`
	// Source is the file's bytes as loaded; reports embed it.
	Source []byte `yaml:"-"`

	// positions maps each key path given in the file to its value's position.
	positions strictyaml.Positions
}

// Pos returns where a key path such as "target.server.args" or
// "timeline[2].at" was given in the file, or its nearest given parent
// (1:1 when none), for messages about the scenario found after loading.
func (s *Scenario) Pos(path string) Pos {
	if p := s.positions.Of(path); p.Line > 0 {
		return p
	}
	return Pos{Line: 1, Col: 1}
}

// Errorf returns an *Error located at path in the scenario's file.
func (s *Scenario) Errorf(path, format string, args ...any) *Error {
	p := s.Pos(path)
	return &Error{File: s.File, Line: p.Line, Col: p.Col, Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Target names the server under test and the fake LLM in front of it.
type Target struct {
	Server Server `yaml:"server"`
	LLM    LLM    `yaml:"llm"`
}

// Launch says how the harness obtains the server under test.
type Launch string

// Launch values.
const (
	// LaunchInprocess runs server and fakellm inside the harness process;
	// leak checks use goleak.
	LaunchInprocess Launch = "inprocess"
	// LaunchSubprocess runs `hangar server` as a child process; pause and
	// resume are SIGSTOP/SIGCONT, kill is SIGKILL, restart keeps the data dir.
	LaunchSubprocess Launch = "subprocess"
	// LaunchContainer runs the server in a container (its own issue; the
	// seam exists, the launcher may not).
	LaunchContainer Launch = "container"
	// LaunchExternal targets an already running server at Server.URL (or
	// `hangar run --target-url`); server actions are not possible.
	LaunchExternal Launch = "external"
)

// Launches lists every valid Launch value.
var Launches = []Launch{LaunchInprocess, LaunchSubprocess, LaunchContainer, LaunchExternal}

// Server describes the server under test.
type Server struct {
	// Launch defaults to DefaultLaunch.
	Launch Launch `yaml:"launch"`
	// URL is the base URL of an external server (http or https, no path
	// needed). Only valid with launch: external; may also come from
	// `hangar run --target-url`, so it may be empty here.
	URL string `yaml:"url"`
	// Args are extra `hangar server` flags for subprocess launches.
	Args []string `yaml:"args"`
	// Defects switches the launched server to named failure classes
	// (server.DefectNames). `hangar run --defects` overrides it.
	Defects []string `yaml:"defects"`
	// Env is extra environment for subprocess and container launches.
	Env map[string]string `yaml:"env"`
	// Resources limits the server container's CPU and memory; only with
	// launch: container.
	Resources *ServerResources `yaml:"resources"`
}

// ServerResources are the server container's limits: `{cpus: 0.25,
// memory: 128MiB}`. At least one is given; an absent one is not limited.
type ServerResources struct {
	// CPUs is the CPU quota in CPUs, 0 < CPUs <= MaxCPUs.
	CPUs float64 `yaml:"cpus"`
	// Memory is the memory limit, at least MinMemory.
	Memory ByteSize `yaml:"memory"`
}

// LLMLaunch says where the fake LLM runs.
type LLMLaunch string

// LLMLaunch values.
const (
	// LLMInprocess runs the fake LLM inside the harness (the default), or
	// uses the one at `hangar run --llm-url`.
	LLMInprocess LLMLaunch = "inprocess"
	// LLMContainer runs the fake LLM in a container on a user-defined
	// network of its own; timeline `llm:` and `network:` actions need it.
	LLMContainer LLMLaunch = "container"
)

// LLMLaunches lists every valid LLMLaunch value.
var LLMLaunches = []LLMLaunch{LLMInprocess, LLMContainer}

// LLM configures the fake LLM the harness starts.
type LLM struct {
	// Launch defaults to DefaultLLMLaunch.
	Launch LLMLaunch `yaml:"launch"`
	// Plan is the initial fault plan, from `plan:` (inline) or, after
	// loading, read from PlanFile. Nil means no faults: every request is
	// answered normally.
	Plan *Plan `yaml:"plan"`
	// PlanFile is the plan_file key as written (relative to the scenario
	// file); Plan.File holds the resolved path. At most one of plan and
	// plan_file may be given.
	PlanFile string `yaml:"plan_file"`
}

// Plan is a fakellm fault plan given in a scenario, inline or by file.
type Plan struct {
	// Decoded is the plan as the fakellm takes it (fakellm.SetPlan),
	// decoded and validated by fakellm.DecodePlanNode during Load.
	Decoded *fakellm.Plan
	// Node is the plan's YAML: the inline mapping, or the plan file's
	// document root.
	Node *yaml.Node
	// File is the resolved plan_file path, empty for an inline plan.
	File string
}

// Workload is the work driven against the server (the `load:` key).
type Workload struct {
	Uploads Uploads `yaml:"uploads"`
}

// Uploads drives `POST /api/v1/knowledge/documents`.
type Uploads struct {
	// Count is the number of uploads (at least 1).
	Count int `yaml:"count"`
	// Size is the target size of each generated document, e.g. 80KiB.
	// Ignored for a dir corpus. Defaults to DefaultUploadSize.
	Size ByteSize `yaml:"size"`
	// Interval is the pause between the start of consecutive uploads
	// (0: back to back). Mutually exclusive with Rate.
	Interval time.Duration `yaml:"interval"`
	// Rate is an arrival rate such as "5/s" (open model). Mutually
	// exclusive with Interval. Zero means unset.
	Rate Rate `yaml:"rate"`
	// Concurrency is the maximum number of uploads in flight (default 1).
	Concurrency int `yaml:"concurrency"`
	// Timeout is the client-side timeout of one upload (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// Corpus says where documents come from (default generated).
	Corpus Corpus `yaml:"corpus"`
}

// Corpus kinds.
const (
	CorpusGenerated = "generated"
	CorpusDir       = "dir"
)

// Corpus is the source of uploaded documents: `corpus: generated` or
// `corpus: {dir: path}` (path relative to the scenario file).
type Corpus struct {
	// Kind is CorpusGenerated or CorpusDir.
	Kind string
	// Dir is the resolved directory for CorpusDir.
	Dir string
}

// Probes are measurements taken on their own goroutines and connections.
type Probes struct {
	Health  HealthProbe  `yaml:"health"`
	Metrics MetricsProbe `yaml:"metrics"`
}

// HealthProbe polls the server's health endpoint.
type HealthProbe struct {
	Interval time.Duration `yaml:"interval"` // default DefaultHealthInterval
	Timeout  time.Duration `yaml:"timeout"`  // default DefaultHealthTimeout
	Path     string        `yaml:"path"`     // default DefaultHealthPath
}

// MetricsProbe scrapes Prometheus metrics from the server and the fakellm.
type MetricsProbe struct {
	Interval time.Duration `yaml:"interval"` // default DefaultMetricsInterval
}

// ServerAction is a timeline action on a launched server.
type ServerAction string

// ServerAction values.
const (
	ServerKill    ServerAction = "kill"    // SIGKILL (inprocess: abrupt close)
	ServerRestart ServerAction = "restart" // start again on the same data dir (after kill, or stop+start)
	ServerPause   ServerAction = "pause"   // SIGSTOP
	ServerResume  ServerAction = "resume"  // SIGCONT
)

// ServerActions lists every valid ServerAction.
var ServerActions = []ServerAction{ServerKill, ServerRestart, ServerPause, ServerResume}

// LLMAction is a timeline action on the fake LLM container.
type LLMAction string

// LLMAction values (launch: container for the fake LLM).
const (
	LLMPause  LLMAction = "pause"  // docker pause: frozen, sockets open, nothing answers
	LLMResume LLMAction = "resume" // docker unpause
	LLMStop   LLMAction = "stop"   // docker stop: the process exits, connections refused
	LLMStart  LLMAction = "start"  // docker start: the same container, same URL
)

// LLMActions lists every valid LLMAction.
var LLMActions = []LLMAction{LLMPause, LLMResume, LLMStop, LLMStart}

// NetworkAction cuts or heals the network between the server and the fake
// LLM container.
type NetworkAction string

// NetworkAction values (launch: container for the fake LLM).
const (
	NetworkDisconnect NetworkAction = "disconnect" // the fake LLM leaves its network
	NetworkConnect    NetworkAction = "connect"    // and joins it again
)

// NetworkActions lists every valid NetworkAction.
var NetworkActions = []NetworkAction{NetworkDisconnect, NetworkConnect}

// Step is one timeline entry. Exactly one trigger (At or AfterUploads) is
// set, and at least one action (LLMPlan, Server, LLM or Network).
type Step struct {
	// At fires the step this long after the run started (0 <= At < Duration).
	At *time.Duration `yaml:"at"`
	// AfterUploads fires the step once this many uploads have been
	// answered (a response or a client error), 0..load.uploads.count.
	AfterUploads *int `yaml:"after_uploads"`
	// LLMPlan replaces the fakellm plan; an empty rule list clears faults.
	LLMPlan *Plan `yaml:"llm_plan"`
	// Server is an action on the launched server; empty for none.
	Server ServerAction `yaml:"server"`
	// LLM is an action on the fake LLM container; empty for none.
	LLM LLMAction `yaml:"llm"`
	// Network cuts or heals the fake LLM container's network; empty for
	// none.
	Network NetworkAction `yaml:"network"`
	// Line is the step's line in the scenario file, for messages.
	Line int `yaml:"-"`
}

// Expect holds the assertions. A nil section is not checked; within a
// section, a zero duration or nil pointer is not checked.
type Expect struct {
	Health              *HealthExpect    `yaml:"health"`
	Uploads             *UploadsExpect   `yaml:"uploads"`
	Progress            *ProgressExpect  `yaml:"progress"`
	Recovery            *RecoveryExpect  `yaml:"recovery"`
	Leaks               *LeaksExpect     `yaml:"leaks"`
	LLMCallsPerDocument *LLMCallsExpect  `yaml:"llm_calls_per_document"`
	Resources           *ResourcesExpect `yaml:"resources"`
}

// HealthExpect bounds health-probe latency over sliding windows.
type HealthExpect struct {
	// P99 bounds the 99th percentile probe latency in every Window.
	P99 time.Duration `yaml:"p99"`
	// Max bounds every single probe's latency (a failed probe counts as
	// its timeout).
	Max time.Duration `yaml:"max"`
	// Failures bounds the number of failed probes (timeouts, errors,
	// non-2xx) over the whole run. Nil: not checked.
	Failures *int `yaml:"failures"`
	// Window is the sliding window for P99 (default: the whole run).
	Window time.Duration `yaml:"window"`
}

// UploadsExpect bounds every upload's answer.
type UploadsExpect struct {
	// AnsweredWithin bounds each upload's latency; an upload still
	// unanswered at that point fails the assertion.
	AnsweredWithin time.Duration `yaml:"answered_within"`
	// Status lists the allowed HTTP status codes (empty: any response).
	Status []int `yaml:"status"`
}

// ProgressExpect states forward-progress assertions.
type ProgressExpect struct {
	// IndexedAllWithin: every document answered 201 is indexed (none left
	// pending or processing) within this long after the last upload was
	// answered.
	IndexedAllWithin time.Duration `yaml:"indexed_all_within"`
	// ForwardWithin: while documents are queued, the indexed count
	// advances at least once in every interval this long. Zero: unchecked.
	ForwardWithin time.Duration `yaml:"forward_within"`
}

// RecoveryExpect bounds recovery after the last fault clears.
type RecoveryExpect struct {
	// Within: after the last fault clears (plan emptied, server resumed or
	// restarted), health probes succeed and progress resumes within this.
	Within time.Duration `yaml:"within"`
}

// LeaksExpect asks for leak checks after the run drains.
type LeaksExpect struct {
	// Goroutines: no leaked goroutines (leak profile empty, goroutines
	// back to the pre-load baseline per top frame).
	Goroutines bool `yaml:"goroutines"`
}

// ResourcesExpect bounds how much the server's memory and goroutines grow
// from a baseline to the end of the run (after drain), read from the
// server's own metrics: process_resident_memory_bytes,
// go_memstats_heap_inuse_bytes (after a forced GC) and go_goroutines. A nil
// bound is not checked. With launch: inprocess the process is the harness's.
type ResourcesExpect struct {
	// RSSGrowth bounds the growth of the resident set.
	RSSGrowth *ByteSize `yaml:"rss_growth"`
	// HeapGrowth bounds the growth of the Go heap in use.
	HeapGrowth *ByteSize `yaml:"heap_growth"`
	// GoroutineGrowth bounds the growth of the goroutine count.
	GoroutineGrowth *int `yaml:"goroutine_growth"`
	// Warmup moves the baseline to the first sample at least this long
	// after load started; zero: the sample taken just before load.
	Warmup time.Duration `yaml:"warmup"`
}

// LLMCallsExpect bounds retry amplification.
type LLMCallsExpect struct {
	// Max is the largest allowed number of fakellm requests per uploaded
	// document (journal entries / uploads sent).
	Max float64 `yaml:"max"`
}
