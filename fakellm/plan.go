package fakellm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"gopkg.in/yaml.v3"
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

// ParsePlan parses a YAML or JSON plan strictly: unknown keys, unknown
// action kinds and invalid values are errors naming the line and key. A plan
// that fails validation is rejected whole.
func ParsePlan(data []byte) (*Plan, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("plan is empty (an empty plan is `rules: []`)")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse plan: %w", err)
	}
	return DecodePlanNode(&doc)
}

// DecodePlanNode decodes a plan from a node of a bigger YAML file (a
// scenario, say); errors carry that file's line numbers.
func DecodePlanNode(n *yaml.Node) (*Plan, error) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, errAt(n, "", "plan must be a mapping with a rules list")
	}
	var p Plan
	if err := decodeStrict(n, "", reflect.ValueOf(&p).Elem()); err != nil {
		return nil, err
	}
	return &p, nil
}

// MustParsePlan parses s and panics on error. For tests and examples.
func MustParsePlan(s string) *Plan {
	p, err := ParsePlan([]byte(s))
	if err != nil {
		panic("fakellm: MustParsePlan: " + err.Error())
	}
	return p
}

// validate runs after decoding: rule names default and must be unique.
func (p *Plan) validate() error {
	seen := make(map[string]int, len(p.Rules))
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Name == "" {
			r.Name = fmt.Sprintf("rule-%d", i+1)
		}
		if j, dup := seen[r.Name]; dup {
			return &PlanError{Path: fmt.Sprintf("rules[%d].name", i),
				Msg: fmt.Sprintf("duplicate rule name %q (also rules[%d])", r.Name, j)}
		}
		seen[r.Name] = i
	}
	return nil
}

// Validate checks a plan built in Go (parsed plans are checked while
// parsing). SetPlan calls it.
func (p *Plan) Validate() error {
	for i := range p.Rules {
		r := &p.Rules[i]
		at := fmt.Sprintf("rules[%d]", i)
		if err := r.validate(); err != nil {
			return prefixErr(at, err)
		}
		if err := r.Match.validate(); err != nil {
			return prefixErr(at+".match", err)
		}
		if r.Match.Window != nil {
			if err := r.Match.Window.validate(); err != nil {
				return prefixErr(at+".match.window", err)
			}
		}
		if err := r.Action.Action.Validate(); err != nil {
			return prefixErr(at+".action", err)
		}
	}
	return p.validate()
}

func prefixErr(path string, err error) error {
	if fe, ok := err.(*fieldError); ok {
		return &PlanError{Path: path + "." + fe.key, Msg: fe.msg}
	}
	return &PlanError{Path: path, Msg: err.Error()}
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
