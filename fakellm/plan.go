package fakellm

import (
	"encoding/json"
	"fmt"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// Plan is an ordered list of fault rules. The first rule whose match holds
// fires; a request no rule matches is answered normally.
type Plan struct {
	// Seed seeds the plan's random draws (probability, jitter). Nil means
	// the server's Config.Seed.
	Seed  *int64 `yaml:"seed" json:"seed,omitempty"`
	Rules []Rule `yaml:"rules" json:"rules"`
}

// Rule is a selector plus an action.
type Rule struct {
	// Name labels the rule in metrics and the journal; default "rule-N"
	// (1-based position).
	Name   string     `yaml:"name" json:"name"`
	Match  Match      `yaml:"match" json:"match"`
	Action ActionSpec `yaml:"action" json:"action"`
}

// MustParsePlan parses s and panics on error. For tests and examples.
func MustParsePlan(s string) *Plan {
	p, err := ParsePlan([]byte(s))
	if err != nil {
		panic("fakellm: MustParsePlan: " + err.Error())
	}
	return p
}

// fieldError is returned by validate methods to name the key at fault,
// relative to the validated value.
type fieldError struct{ key, msg string }

func (e *fieldError) Error() string { return e.key + ": " + e.msg }

func fieldErr(key, format string, args ...any) error {
	return &fieldError{key: key, msg: fmt.Sprintf(format, args...)}
}

// reportFunc reports a problem with the value at a key path.
type reportFunc func(path, format string, args ...any)

// check runs every semantic check of the plan, reporting each problem
// under its key path; rule names default to "rule-N".
func (p *Plan) check(report reportFunc) {
	for i := range p.Rules {
		r := &p.Rules[i]
		at := fmt.Sprintf("rules[%d]", i)
		reportErr(report, at, r.validate())
		reportErr(report, at+".match", r.Match.validate())
		if r.Match.Window != nil {
			reportErr(report, at+".match.window", r.Match.Window.validate())
		}
		if r.Action.Action != nil {
			reportErr(report, at+".action", r.Action.Action.Validate())
		}
	}
	p.checkNames(report)
}

// reportErr reports err, if any, under path, or under path.key for a
// fieldError.
func reportErr(report reportFunc, path string, err error) {
	switch e := err.(type) {
	case nil:
	case *fieldError:
		report(path+"."+e.key, "%s", e.msg)
	default:
		report(path, "%s", err)
	}
}

// checkNames gives unnamed rules their default name and rejects
// duplicate names.
func (p *Plan) checkNames(report reportFunc) {
	seen := make(map[string]int, len(p.Rules))
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Name == "" {
			r.Name = fmt.Sprintf("rule-%d", i+1)
		}
		if j, dup := seen[r.Name]; dup {
			report(fmt.Sprintf("rules[%d].name", i), "duplicate rule name %q (also rules[%d])", r.Name, j)
			continue
		}
		seen[r.Name] = i
	}
}

// Validate checks a plan built in Go (parsed plans are checked while
// parsing). SetPlan calls it. A returned error is a strictyaml.Errors of
// every problem, located by key path only.
func (p *Plan) Validate() error {
	d := strictyaml.NewDecoder("")
	p.check(d.Errorf)
	return d.Err()
}

func (r *Rule) validate() error {
	if r.Action.Action == nil {
		return fieldErr("action", "missing (every rule needs an action with a kind)")
	}
	return nil
}

// String renders the plan as JSON.
func (p *Plan) String() string {
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Sprintf("<plan: %v>", err)
	}
	return string(b)
}

// Merge returns a copy of p patched by q: q's seed (if set) replaces p's; a
// rule of q whose name p has replaces that rule in place; other rules of q
// are appended in order. Rule names are what patches address, so q's rules
// should be named.
func (p *Plan) Merge(q *Plan) *Plan {
	out := &Plan{Seed: p.Seed, Rules: append([]Rule(nil), p.Rules...)}
	if q.Seed != nil {
		out.Seed = q.Seed
	}
	at := make(map[string]int, len(out.Rules))
	for i, r := range out.Rules {
		at[r.Name] = i
	}
	for _, r := range q.Rules {
		if i, ok := at[r.Name]; ok {
			out.Rules[i] = r
			continue
		}
		at[r.Name] = len(out.Rules)
		out.Rules = append(out.Rules, r)
	}
	return out
}
