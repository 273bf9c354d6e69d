package assert

import (
	"fmt"
	"time"
)

// Facts are what a parameter check may know of the scenario beyond the
// parameter.
type Facts struct {
	// Duration is the run's hard stop (0 when not given).
	Duration time.Duration
	// Faults: the scenario injects a fault (an llm plan or a timeline step).
	Faults bool
	// External: the launcher only attaches to a server someone else runs
	// (launch: external; it starts nothing), so its metrics and pprof are
	// not read.
	External bool
}

// Checker is where a parameter check reports, positioned at one key of one
// group under `expect`.
type Checker struct {
	Facts
	group, key string
	report     func(path, msg string)
}

// NewChecker returns a checker for key under group; report receives the
// full key path ("expect.health.window") and the message.
func NewChecker(f Facts, group, key string, report func(path, msg string)) *Checker {
	return &Checker{Facts: f, group: group, key: key, report: report}
}

// Errorf reports a problem with the key's value.
func (c *Checker) Errorf(format string, args ...any) { c.ErrorfIn("", format, args...) }

// ErrorfIn reports a problem inside the key's value: sub is appended to
// the key path ("[2]" for a list element).
func (c *Checker) ErrorfIn(sub, format string, args ...any) {
	c.report("expect."+c.group+"."+c.key+sub, fmt.Sprintf(format, args...))
}

// GroupErrorf reports a problem with the group as a whole ("expect.recovery").
func (c *Checker) GroupErrorf(format string, args ...any) {
	c.report("expect."+c.group, fmt.Sprintf(format, args...))
}

// Positive reports a duration that is not positive.
func (c *Checker) Positive(d time.Duration) {
	if d <= 0 {
		c.Errorf("must be positive, got %s", d)
	}
}

// NotNegative reports a count below zero.
func (c *Checker) NotNegative(n int) {
	if n < 0 {
		c.Errorf("must not be negative, got %d", n)
	}
}
