package leak

import (
	"strings"

	"go.uber.org/goleak"
)

// Local checks the harness's own process (the inprocess launcher) with
// goleak: goroutines alive at Snapshot are ignored, any other goroutine
// still alive at Check is a leak.
type Local struct {
	baseline goleak.Option
	ignore   []goleak.Option
}

// IdleConnections are functions whose presence anywhere in a stack marks
// an idle HTTP connection rather than a leak: the client's connection
// loops (ConnectionLoops) and a server connection waiting for its next
// request. In process the fake LLM keeps such connections to the server's
// client, and the harness cannot close the server's pool from outside.
var IdleConnections = append([]string{"net/http.(*connReader).Read"}, ConnectionLoops...)

// Snapshot records the current goroutines as the baseline. ignoreTop lists
// further top functions to ignore.
func Snapshot(ignoreTop ...string) *Local {
	l := &Local{baseline: goleak.IgnoreCurrent()}
	for _, f := range IdleConnections {
		l.ignore = append(l.ignore, goleak.IgnoreAnyFunction(f))
	}
	for _, f := range ignoreTop {
		l.ignore = append(l.ignore, goleak.IgnoreTopFunction(f))
	}
	return l
}

// Check runs goleak.Find (which retries while goroutines wind down).
func (l *Local) Check() Finding {
	err := goleak.Find(append([]goleak.Option{l.baseline}, l.ignore...)...)
	if err == nil {
		return Finding{Summary: "goleak: no goroutine beyond the pre-load baseline"}
	}
	msg := err.Error()
	first, _, _ := strings.Cut(msg, "\n")
	return Finding{Leaked: true, Summary: "goleak: " + first,
		Dumps: []Dump{{Kind: "goleak", Summary: first, Stacks: msg}}}
}
