package fakellm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// Action is one fault. Implementations are plain structs whose yaml/json
// tagged fields are the action's parameters (toxiproxy style); each lives in
// its own file and registers itself with RegisterAction.
type Action interface {
	// Validate checks the parameters; it may return a *fieldError-style
	// error naming the key (see fieldErr).
	Validate() error
	// Apply answers the request in x (or withholds the answer). It returns
	// when the exchange is over; x.Context() is done when the client goes
	// away or the server closes.
	Apply(x *Exchange)
}

var (
	registryMu sync.RWMutex
	registry   = map[string]func() Action{}
)

// RegisterAction makes an action kind available to plans. newAction returns
// a pointer to a zero parameter struct. It panics on a duplicate kind.
func RegisterAction(kind string, newAction func() Action) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[kind]; dup {
		panic("fakellm: duplicate action kind " + kind)
	}
	registry[kind] = newAction
}

// ActionKinds lists the registered action kinds, sorted.
func ActionKinds() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	kinds := make([]string, 0, len(registry))
	for k := range registry {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

func newAction(kind string) (Action, bool) {
	registryMu.RLock()
	f, ok := registry[kind]
	registryMu.RUnlock()
	if !ok {
		return nil, false
	}
	return f(), true
}

// ActionSpec is a rule's action: its kind and its parameters.
type ActionSpec struct {
	Kind   string
	Action Action
}

// NewActionSpec returns the spec for kind with zero parameters.
func NewActionSpec(kind string) (ActionSpec, error) {
	a, ok := newAction(kind)
	if !ok {
		return ActionSpec{}, fmt.Errorf("unknown action kind %q (known: %s)", kind, strings.Join(ActionKinds(), ", "))
	}
	return ActionSpec{Kind: kind, Action: a}, nil
}

// UnmarshalStrict reads {kind: ..., params...} (strictyaml.Unmarshaler):
// the kind picks the registered parameter struct the other keys decode
// into. The parameters are validated with the rest of the plan.
func (s *ActionSpec) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, path string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("want a mapping with a kind, got %s", strictyaml.Describe(n))
	}
	kindNode, rest := splitKind(d, n, path)
	if kindNode == nil {
		return fmt.Errorf("missing key \"kind\" (one of %s)", strings.Join(ActionKinds(), ", "))
	}
	var kind string
	kindPath := strictyaml.Join(path, "kind")
	if !d.Decode(kindNode, kindPath, &kind) {
		return nil
	}
	spec, err := NewActionSpec(kind)
	if err != nil {
		d.ErrorAt(strictyaml.PosOf(kindNode), kindPath, "%v", err)
		return nil
	}
	d.Decode(rest, path, spec.Action)
	*s = spec
	return nil
}

// splitKind returns the value of n's kind key and a mapping of the other
// keys; a second kind key is reported as a duplicate.
func splitKind(d *strictyaml.Decoder, n *yaml.Node, path string) (kind, rest *yaml.Node) {
	rest = &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
	var kindKey *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode || k.Value != "kind" || k.ShortTag() == "!!merge":
			rest.Content = append(rest.Content, k, v)
		case kindKey != nil:
			d.ErrorAt(strictyaml.PosOf(k), path, "duplicate key %q (first at line %d)", k.Value, kindKey.Line)
		default:
			kindKey, kind = k, v
		}
	}
	return kind, rest
}

// MarshalJSON writes {"kind": ..., params...}.
func (s ActionSpec) MarshalJSON() ([]byte, error) {
	kind, err := json.Marshal(s.Kind)
	if err != nil {
		return nil, err
	}
	params := []byte("{}")
	if s.Action != nil {
		if params, err = json.Marshal(s.Action); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	b.WriteString(`{"kind":`)
	b.Write(kind)
	if inner := bytes.TrimSpace(params[1 : len(params)-1]); len(inner) > 0 {
		b.WriteByte(',')
		b.Write(inner)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
