package scenario

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/internal/strictyaml"
)

// Defaults applied to keys a scenario leaves out. They double as flag
// defaults where a command exposes the same setting.
const (
	DefaultLaunch          = Launch("subprocess")
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
	// ExpectFailures names stated assertions that are known to fail
	// against this target (a defect it has): a failure of one is reported
	// as an expected failure and does not fail the run; a pass does.
	ExpectFailures []string `yaml:"expect_failures"`

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
	// API is the target's API profile: a built-in name (default
	// DefaultAPI) or an inline profile; after loading it holds the
	// api_file's profile too, so it is never nil in a loaded scenario.
	API *API `yaml:"api"`
	// APIFile is the api_file key as written: a profile file relative to
	// the scenario file. At most one of api and api_file.
	APIFile string `yaml:"api_file"`
}

// Launch names the launcher that obtains the server under test: one of
// launch.Names() (Launches).
type Launch string

// Launches lists every valid Launch value: the registered launchers.
func Launches() []Launch {
	var out []Launch
	for _, n := range launch.Names() {
		out = append(out, Launch(n))
	}
	return out
}

// Server describes the server under test. Which keys a launcher takes is
// its launch.Caps().Accepts; any other key given is a validation error.
type Server struct {
	// Launch defaults to DefaultLaunch.
	Launch Launch `yaml:"launch"`
	// URL is the API base URL: an external server's (http or https; may
	// also come from `hangar run --target-url`, so it may be empty here),
	// or a process's, e.g. "http://127.0.0.1:{{port.http}}".
	URL string `yaml:"url"`
	// AdminURL is the metrics and pprof base URL (external, process).
	AdminURL string `yaml:"admin_url"`
	// Command is the program and its arguments (launch: process).
	Command []string `yaml:"command"`
	// Args are extra `hangar server` flags (subprocess, container).
	Args []string `yaml:"args"`
	// Defects switches the launched server to named failure classes
	// (server.DefectNames). `hangar run --defects` overrides it.
	Defects []string `yaml:"defects"`
	// Env is extra environment.
	Env map[string]string `yaml:"env"`
	// Ports names loopback ports the harness allocates before start and
	// keeps across restarts, rendered as {{port.NAME}} (launch: process).
	Ports []string `yaml:"ports"`
	// Ready says when a started process is ready (launch: process).
	Ready *ServerReady `yaml:"ready"`
	// Egress is EgressRefuse (the default where accepted: HTTP(S)_PROXY
	// point at the run's refusing proxy) or EgressAllow.
	Egress string `yaml:"egress"`
	// Resources limits the server container's CPU and memory; only with
	// launch: container.
	Resources *ServerResources `yaml:"resources"`
}

// Keys lists the target.server keys with a value (launch aside), in the
// order of launch.Accepts.Keys.
func (s Server) Keys() []string {
	set := []struct {
		key string
		on  bool
	}{
		{"url", s.URL != ""}, {"admin_url", s.AdminURL != ""}, {"command", len(s.Command) > 0}, {"args", len(s.Args) > 0},
		{"env", len(s.Env) > 0}, {"ports", len(s.Ports) > 0}, {"ready", s.Ready != nil}, {"egress", s.Egress != ""},
		{"defects", len(s.Defects) > 0}, {"resources", s.Resources != nil},
	}
	var out []string
	for _, k := range set {
		if k.on {
			out = append(out, k.key)
		}
	}
	return out
}

// Egress values.
const (
	EgressRefuse = "refuse"
	EgressAllow  = "allow"
)

// ServerReady is a readiness check: `{url: "http://127.0.0.1:{{port.http}}/health",
// status: [200], timeout: 60s}`.
type ServerReady struct {
	URL     string        `yaml:"url"`
	Status  []int         `yaml:"status"`  // default [200]
	Timeout time.Duration `yaml:"timeout"` // default launch.ReadyTimeout
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
	// Path is the probed path; "" (not given) means the API profile's
	// first health path (everos: DefaultHealthPath).
	Path string `yaml:"path"`
}

// MetricsProbe scrapes Prometheus metrics from the server and the fakellm.
type MetricsProbe struct {
	Interval time.Duration `yaml:"interval"` // default DefaultMetricsInterval
}

// Timeline actions: the one vocabulary is launch.Action; these lists say
// which a step key takes (the YAML spellings are the Action values).
var (
	// ServerActions are the actions of a step's server key; the launcher's
	// Caps say which it can perform.
	ServerActions = []launch.Action{launch.Kill, launch.Restart, launch.Pause, launch.Resume}
	// LLMActions are the actions of a step's llm key (the fake LLM in a
	// container): docker pause, unpause, stop, start.
	LLMActions = []launch.Action{launch.Pause, launch.Resume, launch.Stop, launch.Start}
	// NetworkActions cut or heal the network between the server and the
	// fake LLM container.
	NetworkActions = []launch.Action{launch.Disconnect, launch.Connect}
)

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
	Server launch.Action `yaml:"server"`
	// LLM is an action on the fake LLM container; empty for none.
	LLM launch.Action `yaml:"llm"`
	// Network cuts or heals the fake LLM container's network; empty for
	// none.
	Network launch.Action `yaml:"network"`
	// Line is the step's line in the scenario file, for messages.
	Line int `yaml:"-"`
}
