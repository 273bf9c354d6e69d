package scenario

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/fakellm"
)

// decodePlan decodes and validates a plan node with the fakellm's own
// strict decoder, so a scenario accepts exactly the plans the fakellm does.
func decodePlan(n *yaml.Node) (*fakellm.Plan, error) { return fakellm.DecodePlanNode(n) }

// parsePlanFile reads a plan file's root node.
func parsePlanFile(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, errors.New("empty plan file (an empty plan is `rules: []`)")
	}
	return doc.Content[0], nil
}

// planPos finds the line of a fakellm plan error (the fakellm reports
// lines, not columns, so the column stays 0 rather than a guess).
func planPos(err error) (Pos, string, string, bool) {
	var pe *fakellm.PlanError
	if !errors.As(err, &pe) || pe.Line == 0 {
		return Pos{}, "", "", false
	}
	return Pos{Line: pe.Line}, pe.Path, pe.Msg, true
}

// planFileError formats an error inside a plan file: "file:line: path: msg".
func planFileError(rel string, err error) string {
	if pos, path, msg, ok := planPos(err); ok {
		if path != "" {
			msg = path + ": " + msg
		}
		return fmt.Sprintf("%s:%d: %s", rel, pos.Line, msg)
	}
	return fmt.Sprintf("%s: %v", rel, err)
}
