package fakellm

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// PlanError is a plan validation error: where (line and dotted path) and
// what. Line is 0 for plans built in Go rather than parsed.
type PlanError struct {
	Line int
	Path string
	Msg  string
}

func (e *PlanError) Error() string {
	switch {
	case e.Line > 0 && e.Path != "":
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Path, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	case e.Path != "":
		return e.Path + ": " + e.Msg
	}
	return e.Msg
}

func errAt(n *yaml.Node, path, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &PlanError{Line: line, Path: path, Msg: fmt.Sprintf(format, args...)}
}

// fieldError is returned by validate methods; the decoder turns it into a
// PlanError at the line of the named key.
type fieldError struct{ key, msg string }

func (e *fieldError) Error() string { return e.key + ": " + e.msg }

func fieldErr(key, format string, args ...any) error {
	return &fieldError{key: key, msg: fmt.Sprintf(format, args...)}
}

// nodeDecoder is implemented by types that decode themselves from a node
// (durations, action specs); errors they return are complete PlanErrors.
type nodeDecoder interface {
	decodeNode(n *yaml.Node, path string) error
}

// validator is implemented by plan structs; validate runs after decoding.
type validator interface {
	validate() error
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// resolve follows documents and aliases to the value node.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch {
		case n.Kind == yaml.DocumentNode && len(n.Content) == 1:
			n = n.Content[0]
		case n.Kind == yaml.AliasNode:
			n = n.Alias
		default:
			return n
		}
	}
	return n
}

// decodeStrict decodes n into v (a settable value), rejecting unknown and
// duplicate keys and values of the wrong type, with line and path.
func decodeStrict(n *yaml.Node, path string, v reflect.Value) error {
	n = resolve(n)
	if n == nil {
		return nil
	}
	if v.CanAddr() {
		if d, ok := v.Addr().Interface().(nodeDecoder); ok {
			return d.decodeNode(n, path)
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Tag == "!!null" {
			return nil
		}
		nv := reflect.New(v.Type().Elem())
		if err := decodeStrict(n, path, nv.Elem()); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	case reflect.Struct:
		return decodeStruct(n, path, v)
	case reflect.Slice:
		return decodeSlice(n, path, v)
	}
	return decodeScalar(n, path, v)
}

func decodeSlice(n *yaml.Node, path string, v reflect.Value) error {
	if n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return errAt(n, path, "want a list, got %s", describe(n))
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		if err := decodeStrict(c, fmt.Sprintf("%s[%d]", path, i), s.Index(i)); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}

func decodeStruct(n *yaml.Node, path string, v reflect.Value) error {
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" { // an empty value: zero struct, still validated
			return validateAt(n, path, v, nil)
		}
		return errAt(n, path, "want a mapping, got %s", describe(n))
	}
	fields := yamlFields(v.Type())
	keyLines := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if _, dup := keyLines[k.Value]; dup {
			return errAt(k, path, "duplicate key %q", k.Value)
		}
		keyLines[k.Value] = k
		idx, ok := fields[k.Value]
		if !ok {
			return errAt(k, path, "unknown key %q", k.Value)
		}
		if err := decodeStrict(val, joinPath(path, k.Value), v.Field(idx)); err != nil {
			return err
		}
	}
	return validateAt(n, path, v, keyLines)
}

func validateAt(n *yaml.Node, path string, v reflect.Value, keys map[string]*yaml.Node) error {
	val, ok := v.Addr().Interface().(validator)
	if !ok {
		return nil
	}
	err := val.validate()
	if err == nil {
		return nil
	}
	if fe, ok := err.(*fieldError); ok {
		at := n
		if k := keys[fe.key]; k != nil {
			at = k
		}
		return errAt(at, joinPath(path, fe.key), "%s", fe.msg)
	}
	if _, ok := err.(*PlanError); ok {
		return err
	}
	return errAt(n, path, "%s", err.Error())
}

var fieldCache sync.Map // reflect.Type -> map[string]int

// yamlFields maps yaml key names to field indexes of struct type t.
func yamlFields(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	m := make(map[string]int)
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		m[name] = i
	}
	fieldCache.Store(t, m)
	return m
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.Tag == "!!null" {
		return "null"
	}
	return strconv.Quote(n.Value)
}

func decodeScalar(n *yaml.Node, path string, v reflect.Value) error {
	if n.Kind != yaml.ScalarNode {
		return errAt(n, path, "want a %s, got %s", kindName(v.Kind()), describe(n))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Tag != "!!bool" {
			return errAt(n, path, "want true or false, got %s", describe(n))
		}
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if n.Tag != "!!int" || err != nil || v.OverflowInt(i) {
			return errAt(n, path, "want an integer, got %s", describe(n))
		}
		v.SetInt(i)
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if (n.Tag != "!!int" && n.Tag != "!!float") || err != nil {
			return errAt(n, path, "want a number, got %s", describe(n))
		}
		v.SetFloat(f)
	default:
		return errAt(n, path, "unsupported field type %s", v.Type())
	}
	return nil
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Float64:
		return "number"
	case reflect.Struct:
		return "mapping"
	}
	return "integer"
}
