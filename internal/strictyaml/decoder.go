package strictyaml

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// MaxNodes bounds the work done for one file: the number of nodes decoded,
// aliases expanded each time they are used.
const MaxNodes = 100_000

// MaxDepth bounds the nesting of decoded values, aliases expanded (a
// self-referencing alias nests without end).
const MaxDepth = 64

// Unmarshaler is implemented by types that read their own node (never a
// null one: null means not given). A returned error's text is reported at n
// under path; the method may also decode children with d.Decode and report
// further problems through d.
type Unmarshaler interface {
	UnmarshalStrict(d *Decoder, n *yaml.Node, path string) error
}

var (
	durationType    = reflect.TypeFor[time.Duration]()
	unmarshalerType = reflect.TypeFor[Unmarshaler]()
)

// Decoder decodes the nodes of one file strictly, records the position of
// every key path it meets and collects the problems of the file, those it
// finds and those its owner reports after decoding (Errorf, ErrorAt).
type Decoder struct {
	file  string
	errs  Errors
	count int // problems reported, including those beyond MaxErrors
	pos   Positions
	nodes int
	depth int
}

// NewDecoder returns a decoder for the file named file; its errors carry
// that name.
func NewDecoder(file string) *Decoder {
	return &Decoder{file: file, pos: Positions{}}
}

// Given records that path was given, at n: for an Unmarshaler that walks a
// mapping itself and decodes some of its values without Decode.
func (d *Decoder) Given(path string, n *yaml.Node) { d.pos[path] = PosOf(n) }

// Positions returns the position of every key path decoded so far.
func (d *Decoder) Positions() Positions { return d.pos }

// ErrorAt reports a problem at pos under path.
func (d *Decoder) ErrorAt(pos Pos, path, format string, args ...any) {
	d.count++
	if len(d.errs) >= MaxErrors {
		return
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: pos.Line, Col: pos.Col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Errorf reports a problem with path's value, at the position recorded for
// path or its nearest given parent.
func (d *Decoder) Errorf(path, format string, args ...any) {
	d.ErrorAt(d.pos.Of(path), path, format, args...)
}

// Err returns the problems reported so far, sorted by position, as an
// Errors; nil when there are none.
func (d *Decoder) Err() error {
	if len(d.errs) == 0 {
		return nil
	}
	sortErrors(d.errs)
	return d.errs
}

// Decode stores n into v, a non-nil pointer, reporting problems under path
// (the key path of n, "" for the root). It reports whether n decoded
// without a problem.
func (d *Decoder) Decode(n *yaml.Node, path string, v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic(fmt.Sprintf("strictyaml: Decode needs a non-nil pointer, got %T", v))
	}
	before := d.count
	d.decode(n, path, rv.Elem())
	return d.count == before
}

// PosOf returns a node's position.
func PosOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// resolve follows a document to its root and aliases to their targets; nil
// for an empty document.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch {
		case n.Kind == yaml.DocumentNode && len(n.Content) == 1:
			n = n.Content[0]
		case n.Kind == yaml.DocumentNode:
			return nil
		case n.Kind == yaml.AliasNode && n.Alias != nil:
			n = n.Alias
		default:
			return n
		}
	}
	return nil
}

func (d *Decoder) decode(n *yaml.Node, path string, v reflect.Value) {
	if n = resolve(n); n == nil {
		return
	}
	if d.nodes++; d.nodes > MaxNodes {
		if d.nodes == MaxNodes+1 {
			d.ErrorAt(PosOf(n), path, "document too large (more than %d nodes after alias expansion)", MaxNodes)
		}
		return
	}
	if d.depth >= MaxDepth {
		d.ErrorAt(PosOf(n), path, "document nested too deeply (more than %d levels after alias expansion)", MaxDepth)
		return
	}
	if isNull(n) {
		return
	}
	d.depth++
	defer func() { d.depth-- }()
	d.pos[path] = PosOf(n)
	if reflect.PointerTo(v.Type()).Implements(unmarshalerType) {
		if err := v.Addr().Interface().(Unmarshaler).UnmarshalStrict(d, n, path); err != nil {
			d.ErrorAt(PosOf(n), path, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		d.decode(n, path, nv.Elem())
		v.Set(nv)
	case reflect.Struct:
		d.decodeStruct(n, path, v)
	case reflect.Slice:
		d.decodeSlice(n, path, v)
	case reflect.Map:
		d.decodeMap(n, path, v)
	default:
		d.decodeScalar(n, path, v)
	}
}

func (d *Decoder) decodeSlice(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.SequenceNode {
		d.ErrorAt(PosOf(n), path, "want a list, got %s", Describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.decode(c, path+"["+strconv.Itoa(i)+"]", s.Index(i))
	}
	v.Set(s)
}

func (d *Decoder) decodeMap(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.ErrorAt(PosOf(n), path, "want a mapping, got %s", Describe(n))
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		panic("strictyaml: map keys must be strings, got " + v.Type().String())
	}
	m := reflect.MakeMap(v.Type())
	d.EachKey(n, path, func(key string, _, vn *yaml.Node) {
		ev := reflect.New(v.Type().Elem()).Elem()
		d.decode(vn, Join(path, key), ev)
		m.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), ev)
	})
	v.Set(m)
}

func (d *Decoder) decodeStruct(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.ErrorAt(PosOf(n), path, "want a mapping, got %s", Describe(n))
		return
	}
	fields := fieldsByKey(v.Type())
	d.EachKey(n, path, func(key string, kn, vn *yaml.Node) {
		i, ok := fields[key]
		if !ok {
			d.ErrorAt(PosOf(kn), path, "unknown key %q", key)
			return
		}
		d.decode(vn, Join(path, key), v.Field(i))
	})
}

// EachKey calls fn for each key of a mapping, rejecting merge keys,
// non-string keys and duplicate keys; types that read their own mapping
// (Unmarshaler) use it to get the same checks.
func (d *Decoder) EachKey(n *yaml.Node, path string, fn func(key string, kn, vn *yaml.Node)) {
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		switch {
		case kn.Kind == yaml.ScalarNode && kn.ShortTag() == "!!merge":
			d.ErrorAt(PosOf(kn), path, "merge keys (<<) are not supported: write the keys out")
			continue
		case kn.Kind != yaml.ScalarNode:
			d.ErrorAt(PosOf(kn), path, "keys must be plain strings, got %s", Describe(kn))
			continue
		}
		if line, dup := first[kn.Value]; dup {
			d.ErrorAt(PosOf(kn), path, "duplicate key %q (first at line %d)", kn.Value, line)
			continue
		}
		first[kn.Value] = kn.Line
		fn(kn.Value, kn, vn)
	}
}

var fieldCache sync.Map // reflect.Type -> map[string]int

// fieldsByKey maps the yaml tag names of t's exported fields to their
// indexes; fields without a tag or tagged "-" are not decoded.
func fieldsByKey(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.IsExported() && name != "" && name != "-" {
			m[name] = i
		}
	}
	fieldCache.Store(t, m)
	return m
}
