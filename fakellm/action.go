package fakellm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
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

func (s *ActionSpec) decodeNode(n *yaml.Node, path string) error {
	if n.Kind != yaml.MappingNode {
		return errAt(n, path, "want a mapping with a kind, got %s", describe(n))
	}
	var kindNode *yaml.Node
	rest := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "kind" && kindNode == nil {
			kindNode = resolve(n.Content[i+1])
			continue
		}
		rest.Content = append(rest.Content, n.Content[i], n.Content[i+1])
	}
	if kindNode == nil {
		return errAt(n, path, "missing key \"kind\" (one of %s)", strings.Join(ActionKinds(), ", "))
	}
	spec, err := NewActionSpec(kindNode.Value)
	if err != nil {
		return errAt(kindNode, joinPath(path, "kind"), "%v", err)
	}
	if err := decodeStruct(rest, path, reflect.ValueOf(spec.Action).Elem()); err != nil {
		return err
	}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(rest.Content); i += 2 {
		keys[rest.Content[i].Value] = rest.Content[i]
	}
	if err := spec.Action.Validate(); err != nil {
		return validationAt(n, path, keys, err)
	}
	*s = spec
	return nil
}

func validationAt(n *yaml.Node, path string, keys map[string]*yaml.Node, err error) error {
	if fe, ok := err.(*fieldError); ok {
		at := n
		if k := keys[fe.key]; k != nil {
			at = k
		}
		return errAt(at, joinPath(path, fe.key), "%s", fe.msg)
	}
	return errAt(n, path, "%s", err.Error())
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
