package scenario

import (
	"errors"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/fakellm"
)

// decodePlan decodes and validates a plan node with the fakellm's own
// decoder, so a scenario accepts exactly the plans the fakellm does.
func decodePlan(n *yaml.Node) (*fakellm.Plan, error) { return fakellm.DecodePlanNode(n) }

// planErrors returns the entries of a fakellm plan error (an ErrorList),
// or one entry holding err.
func planErrors(err error) ErrorList {
	var list ErrorList
	if errors.As(err, &list) {
		return list
	}
	return ErrorList{{Msg: err.Error()}}
}
