package assert

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// UnmarshalStrict decodes a scenario's `expect` mapping through the
// registry (strictyaml.Unmarshaler): each group key (health, uploads, …)
// holds its entries' own keys and the option keys they read, each decoded
// into the type its entry declares. Unknown keys are errors listing the
// valid ones.
func (e *Expect) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, path string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("want a mapping, got %s", strictyaml.Describe(n))
	}
	d.EachKey(n, path, func(key string, kn, vn *yaml.Node) {
		g, ok := LookupGroup(key)
		if !ok {
			d.ErrorAt(strictyaml.PosOf(kn), path, "unknown key %q (want one of %s)", key, quoted(groupNames()))
			return
		}
		e.decodeGroup(d, g, vn, strictyaml.Join(path, key))
	})
	return nil
}

// decodeGroup decodes each key into its type, then states each entry whose
// own key was given, with the options it reads.
func (e *Expect) decodeGroup(d *strictyaml.Decoder, g Group, n *yaml.Node, path string) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.ErrorAt(strictyaml.PosOf(n), path, "want a mapping, got %s", strictyaml.Describe(n))
		return
	}
	d.Given(path, n)
	vals := map[string]reflect.Value{}
	var order []string
	d.EachKey(n, path, func(key string, kn, vn *yaml.Node) {
		t := g.KeyType(key)
		if t == nil {
			d.ErrorAt(strictyaml.PosOf(kn), path, "unknown key %q (want one of %s)", key, quoted(g.Keys()))
			return
		}
		v := reflect.New(t)
		d.Decode(vn, strictyaml.Join(path, key), v.Interface())
		if d.Positions().Has(strictyaml.Join(path, key)) {
			vals[key] = v.Elem()
			order = append(order, key)
		}
	})
	for _, key := range order {
		if def, ok := g.Entry(key); ok {
			e.Set(def.Name, def.Assemble(vals))
		} else {
			e.SetOption(g.Name+"."+key, vals[key].Interface())
		}
	}
}

func groupNames() []string {
	gs := Groups()
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Name
	}
	return out
}

func quoted(vals []string) string {
	q := make([]string, len(vals))
	for i, s := range vals {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
