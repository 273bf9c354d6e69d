package scenario

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// checkPlan validates a fakellm plan node. It is replaced by
// fakellm.DecodePlanNode as soon as the fakellm package exists; until then
// it checks the outer shape ({rules: [mapping, ...]}).
var checkPlan = func(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: plan: want a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value != "rules" {
			return fmt.Errorf("line %d: plan: unknown key %q", k.Line, k.Value)
		}
		if v.Kind != yaml.SequenceNode && !isNull(v) {
			return fmt.Errorf("line %d: plan.rules: want a list", v.Line)
		}
		for j, r := range v.Content {
			if r.Kind != yaml.MappingNode {
				return fmt.Errorf("line %d: plan.rules[%d]: want a mapping", r.Line, j)
			}
		}
	}
	return nil
}

// parsePlanFile reads a plan file's root node.
func parsePlanFile(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, errors.New("empty plan file")
	}
	return doc.Content[0], nil
}
