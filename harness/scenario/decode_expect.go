package scenario

import (
	"fmt"
	"reflect"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/harness/assert"
)

// Expect is the scenario's stated assertions: one parameter per entry of
// the assertion registry (harness/assert) the file states, in file order.
// `expect` is decoded through the registry: each group key (health,
// uploads, …) holds the entries' own keys and the option keys they read,
// each decoded into the type its entry declares.
type Expect = assert.Expect

// expectGroup is one group under `expect` being decoded into e.
type expectGroup struct {
	g assert.Group
	e *Expect
}

var (
	expectType      = reflect.TypeFor[Expect]()
	expectGroupType = reflect.TypeFor[expectGroup]()
	byteSizeType    = reflect.TypeFor[ByteSize]()
)

// decodeOwn decodes the types this file owns, reporting whether v was one:
// the expect section and its groups, and byte sizes (a type of package
// units, which cannot carry decodeYAML).
func (d *decoder) decodeOwn(n *yaml.Node, path string, v reflect.Value) bool {
	switch v.Type() {
	case expectType:
		d.decodeExpect(n, path, v.Addr().Interface().(*Expect))
	case expectGroupType:
		d.decodeGroup(n, path, v.Interface().(expectGroup))
	case byteSizeType:
		if err := decodeByteSize(n, v); err != nil {
			d.addf(posOf(n), path, "%v", err)
		}
	default:
		return false
	}
	return true
}

func (d *decoder) decodeExpect(n *yaml.Node, path string, e *Expect) {
	if n.Kind != yaml.MappingNode {
		d.addf(posOf(n), path, "want a mapping, got %s", describe(n))
		return
	}
	d.eachKey(n, path, func(key string, kn, vn *yaml.Node) {
		g, ok := assert.LookupGroup(key)
		if !ok {
			d.addf(posOf(kn), path, "unknown key %q (want one of %s)", key, joinQuoted(groupNames()))
			return
		}
		d.decode(vn, join(path, key), reflect.ValueOf(expectGroup{g: g, e: e}))
	})
}

// decodeGroup decodes each key into its type, then states each entry
// whose own key was given, with the options it reads.
func (d *decoder) decodeGroup(n *yaml.Node, path string, eg expectGroup) {
	if n.Kind != yaml.MappingNode {
		d.addf(posOf(n), path, "want a mapping, got %s", describe(n))
		return
	}
	vals := map[string]reflect.Value{}
	var order []string
	d.eachKey(n, path, func(key string, kn, vn *yaml.Node) {
		t := eg.g.KeyType(key)
		if t == nil {
			d.addf(posOf(kn), path, "unknown key %q (want one of %s)", key, joinQuoted(eg.g.Keys()))
			return
		}
		v := reflect.New(t).Elem()
		d.decode(vn, join(path, key), v)
		if _, given := d.seen[join(path, key)]; given {
			vals[key] = v
			order = append(order, key)
		}
	})
	for _, key := range order {
		if def, ok := eg.g.Entry(key); ok {
			eg.e.Set(def.Name, def.Assemble(vals))
		} else {
			eg.e.SetOption(eg.g.Name+"."+key, vals[key].Interface())
		}
	}
}

func groupNames() []string {
	gs := assert.Groups()
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Name
	}
	return out
}

func decodeByteSize(n *yaml.Node, v reflect.Value) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a size such as 80KiB, got %s", describe(n))
	}
	b, err := ParseByteSize(n.Value)
	if err != nil {
		return err
	}
	v.SetInt(int64(b))
	return nil
}
