package launch

import "slices"

// Caps is what a launcher can do, known before anything starts: the run
// and the scenario validator ask it instead of comparing launcher names.
type Caps struct {
	// Actions are the server actions Target.Do performs.
	Actions []Action
	// Accepts names the Spec fields the launcher reads.
	Accepts Accepts
	// Leaks is how the harness checks the target for leaked goroutines.
	Leaks LeakMode
	// Placeholders: the launcher renders {{…}} placeholders (package
	// placeholder) in command, args, env values and URLs.
	Placeholders bool
	// Virtual: the launcher can run inside a testing/synctest bubble over
	// in-memory connections.
	Virtual bool
	// Image: the launcher runs the hangar container image, which the run
	// makes ready before its clock starts.
	Image bool
}

// Attaches reports whether the launcher only talks to a server someone
// else runs (launch: external): it starts nothing, so the harness keeps no
// data dir or server log for it (Accepts.DataDir), and the server may
// have clients besides the run.
func (c Caps) Attaches() bool { return !c.Accepts.DataDir }

// Can reports whether a is among c.Actions.
func (c Caps) Can(a Action) bool { return slices.Contains(c.Actions, a) }

// Accepts names the Spec fields a launcher reads. The ones with a
// scenario key (target.server.<key>) are listed by Keys.
type Accepts struct {
	Args      bool // args: extra `hangar server` flags
	Env       bool // env
	Defects   bool // defects
	Resources bool // resources: container limits
	Command   bool // command
	Ports     bool // ports
	Ready     bool // ready
	URL       bool // url
	AdminURL  bool // admin_url
	Egress    bool // egress: the refusing proxy in HTTP(S)_PROXY
	// DataDir: the harness creates a data dir and a server.log for it
	// (no scenario key).
	DataDir bool
}

// Key is a scenario key under target.server and whether it is accepted.
type Key struct {
	Name     string
	Accepted bool
}

// Keys lists the scenario keys (target.server.<name>) with whether each
// is accepted, in a fixed order.
func (a Accepts) Keys() []Key {
	return []Key{
		{"url", a.URL}, {"admin_url", a.AdminURL}, {"command", a.Command}, {"args", a.Args},
		{"env", a.Env}, {"ports", a.Ports}, {"ready", a.Ready}, {"egress", a.Egress},
		{"defects", a.Defects}, {"resources", a.Resources},
	}
}

// LeakMode is how the harness checks a target for leaked goroutines.
type LeakMode string

// Leak modes.
const (
	// LeakGoleak: the server runs in the harness process; goleak-style
	// snapshots of the harness's own goroutines.
	LeakGoleak LeakMode = "goleak"
	// LeakPprof: the goroutine profiles under the target's admin URL
	// (/debug/pprof), when it has one.
	LeakPprof LeakMode = "pprof"
	// LeakNone: no leak check is possible.
	LeakNone LeakMode = "none"
)
