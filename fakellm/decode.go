package fakellm

import (
	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// ParsePlan parses a YAML or JSON plan strictly: unknown keys, unknown
// action kinds and invalid values are errors naming the line, column and
// key, every problem of the plan in one strictyaml.Errors. A plan that
// fails validation is rejected whole.
func ParsePlan(data []byte) (*Plan, error) { return ParsePlanFile("", data) }

// ParsePlanFile is ParsePlan for the contents of the file named file; the
// errors name it ("plan.yaml:7:9: rules[0].action: unknown key ...").
func ParsePlanFile(file string, data []byte) (*Plan, error) {
	n, err := ParsePlanNode(file, data)
	if err != nil {
		return nil, err
	}
	return decodePlan(file, n)
}

// ParsePlanNode parses a plan file's bytes into its root node without
// decoding it: one YAML (or JSON) document whose root is a mapping.
func ParsePlanNode(file string, data []byte) (*yaml.Node, error) {
	return strictyaml.Parse(file, data, strictyaml.Noun("plan"),
		strictyaml.Empty("plan is empty (an empty plan is `rules: []`)"))
}

// DecodePlanNode decodes a plan from a node of a bigger YAML file (a
// scenario, say); errors carry that file's lines and columns and paths
// relative to the plan, without a file name.
func DecodePlanNode(n *yaml.Node) (*Plan, error) { return decodePlan("", n) }

// decodePlan decodes n strictly and, if that succeeds, checks the plan,
// reporting each problem at the position of the key it names.
func decodePlan(file string, n *yaml.Node) (*Plan, error) {
	d := strictyaml.NewDecoder(file)
	var p Plan
	if d.Decode(n, "", &p) {
		p.check(d.Errorf)
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	return &p, nil
}
