package scenario

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// yamlDecoder is implemented by field types that read their own node. The
// returned error's text becomes the message; the decoder adds the position.
type yamlDecoder interface {
	decodeYAML(n *yaml.Node) error
}

// maxNodes bounds the work done for one file (alias expansion included).
const maxNodes = 100_000

var (
	durationType = reflect.TypeFor[time.Duration]()
	decoderType  = reflect.TypeFor[yamlDecoder]()
)

// decoder walks a yaml.v3 node tree into tagged structs, strictly: unknown
// and duplicate keys and mistyped values are errors with their position.
type decoder struct {
	*problems
	// seen maps each key path given in the file (and not null) to the
	// position of its value; Validate uses it for presence and positions.
	seen  map[string]Pos
	nodes int
}

func newDecoder(p *problems) *decoder {
	return &decoder{problems: p, seen: map[string]Pos{}}
}

func posOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names a node for messages: `a mapping`, `a list`, `"abc"`.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:40] + "..."
	}
	return strconv.Quote(v)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// decode stores n into v, reporting problems under path.
func (d *decoder) decode(n *yaml.Node, path string, v reflect.Value) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if d.nodes++; d.nodes > maxNodes {
		if d.nodes == maxNodes+1 {
			d.addf(posOf(n), path, "document too large (more than %d nodes after alias expansion)", maxNodes)
		}
		return
	}
	if isNull(n) {
		return
	}
	d.seen[path] = posOf(n)
	if d.decodeOwn(n, path, v) { // expect and byte sizes: decode_expect.go
		return
	}
	if reflect.PointerTo(v.Type()).Implements(decoderType) {
		if err := v.Addr().Interface().(yamlDecoder).decodeYAML(n); err != nil {
			d.addf(posOf(n), path, "%v", err)
		}
		return
	}
	if v.Kind() == reflect.Pointer {
		nv := reflect.New(v.Type().Elem())
		d.decode(n, path, nv.Elem())
		v.Set(nv)
		return
	}
	d.decodeValue(n, path, v)
}

func (d *decoder) decodeValue(n *yaml.Node, path string, v reflect.Value) {
	switch {
	case v.Kind() == reflect.Struct:
		d.decodeStruct(n, path, v)
	case v.Kind() == reflect.Slice:
		d.decodeSlice(n, path, v)
	case v.Kind() == reflect.Map:
		d.decodeMap(n, path, v)
	case n.Kind != yaml.ScalarNode:
		d.addf(posOf(n), path, "want %s, got %s", scalarWant(v), describe(n))
	default:
		if err := setScalar(n, v); err != nil {
			d.addf(posOf(n), path, "%v", err)
		}
	}
}

func scalarWant(v reflect.Value) string {
	switch {
	case v.Type() == durationType:
		return "a duration"
	case v.Kind() == reflect.String:
		return "a string"
	case v.Kind() == reflect.Bool:
		return "true or false"
	case v.Kind() == reflect.Float64:
		return "a number"
	}
	return "an integer"
}

// setScalar parses a scalar node into v.
func setScalar(n *yaml.Node, v reflect.Value) error {
	s := n.Value
	switch {
	case v.Type() == durationType:
		dv, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("invalid duration %s (want e.g. 500ms, 30s, 2m)", describe(n))
		}
		v.SetInt(int64(dv))
	case v.Kind() == reflect.String:
		v.SetString(s)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil || n.ShortTag() != "!!bool" {
			return fmt.Errorf("want true or false, got %s", describe(n))
		}
		v.SetBool(b)
	case v.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || (n.ShortTag() != "!!float" && n.ShortTag() != "!!int") {
			return fmt.Errorf("want a number, got %s", describe(n))
		}
		v.SetFloat(f)
	case v.CanInt():
		i, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 0, v.Type().Bits())
		if err != nil || n.ShortTag() != "!!int" {
			return fmt.Errorf("want an integer, got %s", describe(n))
		}
		v.SetInt(i)
	default:
		panic("scenario: unsupported field type " + v.Type().String())
	}
	return nil
}

func (d *decoder) decodeSlice(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.SequenceNode {
		d.addf(posOf(n), path, "want a list, got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.decode(c, fmt.Sprintf("%s[%d]", path, i), s.Index(i))
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.addf(posOf(n), path, "want a mapping, got %s", describe(n))
		return
	}
	m := reflect.MakeMap(v.Type())
	d.eachKey(n, path, func(key string, kn, vn *yaml.Node) {
		ev := reflect.New(v.Type().Elem()).Elem()
		d.decode(vn, join(path, key), ev)
		m.SetMapIndex(reflect.ValueOf(key), ev)
	})
	v.Set(m)
}

func (d *decoder) decodeStruct(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.addf(posOf(n), path, "want a mapping, got %s", describe(n))
		return
	}
	fields := fieldsByKey(v.Type())
	d.eachKey(n, path, func(key string, kn, vn *yaml.Node) {
		i, ok := fields[key]
		if !ok {
			d.addf(posOf(kn), path, "unknown key %q", key)
			return
		}
		d.decode(vn, join(path, key), v.Field(i))
	})
}

// eachKey calls fn for each key of a mapping, rejecting non-string and
// duplicate keys.
func (d *decoder) eachKey(n *yaml.Node, path string, fn func(key string, kn, vn *yaml.Node)) {
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind != yaml.ScalarNode || kn.Tag == "!!merge" {
			d.addf(posOf(kn), path, "keys must be plain strings, got %s", describe(kn))
			continue
		}
		if line, dup := first[kn.Value]; dup {
			d.addf(posOf(kn), path, "duplicate key %q (first at line %d)", kn.Value, line)
			continue
		}
		first[kn.Value] = kn.Line
		fn(kn.Value, kn, vn)
	}
}

// fieldsByKey maps yaml tag names to field indexes.
func fieldsByKey(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}
