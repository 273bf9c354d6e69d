package dashboards

import (
	"bytes"
	_ "embed" // rule and config files
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// Paths of the Prometheus files, relative to the repository root.
const (
	PrometheusConfigPath = "dashboards/prometheus/prometheus.yml"
	RulesPath            = "dashboards/prometheus/rules/hangar.rules.yml"
	RulesTestPath        = "dashboards/prometheus/rules/hangar.rules.test.yml"
)

// RulesFile is the alert rules file, as committed.
//
//go:embed prometheus/rules/hangar.rules.yml
var RulesFile []byte

// RulesTestFile holds the rules' promtool unit tests, as committed.
//
//go:embed prometheus/rules/hangar.rules.test.yml
var RulesTestFile []byte

// RuleGroups is a Prometheus rules file.
type RuleGroups struct {
	Groups []RuleGroup `yaml:"groups"`
}

// RuleGroup is one group of rules.
type RuleGroup struct {
	Name     string `yaml:"name"`
	Interval string `yaml:"interval,omitempty"`
	Rules    []Rule `yaml:"rules"`
}

// Rule is an alerting or recording rule.
type Rule struct {
	Alert       string            `yaml:"alert,omitempty"`
	Record      string            `yaml:"record,omitempty"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for,omitempty"`
	Labels      map[string]string `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

// Name is the alert or record name.
func (r Rule) Name() string {
	if r.Alert != "" {
		return r.Alert
	}
	return r.Record
}

// ParseRules decodes a rules file strictly: unknown keys, a second document
// and rules without a name or expression are errors (yaml errors carry the
// line).
func ParseRules(data []byte) (RuleGroups, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var rg RuleGroups
	if err := dec.Decode(&rg); err != nil {
		return RuleGroups{}, fmt.Errorf("parse rules: %w", err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return RuleGroups{}, errors.New("parse rules: more than one YAML document")
	}
	for _, g := range rg.Groups {
		for ri, r := range g.Rules {
			if (r.Alert == "") == (r.Record == "") {
				return RuleGroups{}, fmt.Errorf("parse rules: group %q rule %d: want exactly one of alert and record", g.Name, ri+1)
			}
			if r.Expr == "" {
				return RuleGroups{}, fmt.Errorf("parse rules: group %q rule %d (%s): empty expr", g.Name, ri+1, r.Name())
			}
		}
	}
	return rg, nil
}

// RuleQueries lists the expression of every rule in the committed rules
// file. Alert expressions are empty while the alert is not firing, so each
// is marked MayBeEmpty; MetricQueries covers their metrics' presence.
func RuleQueries() ([]Query, error) {
	rg, err := ParseRules(RulesFile)
	if err != nil {
		return nil, err
	}
	var qs []Query
	for _, g := range rg.Groups {
		for _, r := range g.Rules {
			q := Query{Source: "hangar.rules.yml", Panel: "rule: " + r.Name(), Expr: r.Expr, Instant: true}
			if r.Alert != "" {
				q.Panel = "alert: " + r.Alert
				q.MayBeEmpty = "an alert expression is empty while the alert is not firing"
			}
			qs = append(qs, q)
		}
	}
	return qs, nil
}
