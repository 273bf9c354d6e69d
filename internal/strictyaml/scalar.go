package strictyaml

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Describe names a node for messages: `a mapping`, `a list`, `null` or
// the quoted scalar (cut after 40 characters).
func Describe(n *yaml.Node) string {
	if r := resolve(n); r != nil {
		n = r
	}
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case isNull(n):
		return "null"
	}
	v := n.Value
	if utf8.RuneCountInString(v) > 40 {
		v = string([]rune(v)[:40]) + "..."
	}
	return strconv.Quote(v)
}

func (d *Decoder) decodeScalar(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.ScalarNode {
		d.ErrorAt(PosOf(n), path, "want %s, got %s", scalarWant(v.Type()), Describe(n))
		return
	}
	if err := setScalar(n, v); err != nil {
		d.ErrorAt(PosOf(n), path, "%v", err)
	}
}

func scalarWant(t reflect.Type) string {
	switch {
	case t == durationType:
		return "a duration"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32:
		return "a number"
	}
	return "an integer"
}

// setScalar parses a scalar node into v.
func setScalar(n *yaml.Node, v reflect.Value) error {
	s, tag := n.Value, n.ShortTag()
	switch {
	case v.Type() == durationType:
		dv, err := parseDuration(n)
		if err != nil {
			return err
		}
		v.SetInt(int64(dv))
	case v.Kind() == reflect.String:
		v.SetString(s)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil || tag != "!!bool" {
			return fmt.Errorf("want true or false, got %s", Describe(n))
		}
		v.SetBool(b)
	case v.CanFloat():
		f, err := strconv.ParseFloat(s, v.Type().Bits())
		if err != nil || (tag != "!!float" && tag != "!!int") {
			return fmt.Errorf("want a number, got %s", Describe(n))
		}
		v.SetFloat(f)
	case v.CanInt():
		i, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 0, v.Type().Bits())
		if err != nil || tag != "!!int" {
			return fmt.Errorf("want an integer, got %s", Describe(n))
		}
		v.SetInt(i)
	case v.CanUint():
		u, err := strconv.ParseUint(strings.ReplaceAll(s, "_", ""), 0, v.Type().Bits())
		if err != nil || tag != "!!int" {
			return fmt.Errorf("want a non-negative integer, got %s", Describe(n))
		}
		v.SetUint(u)
	default:
		panic("strictyaml: unsupported field type " + v.Type().String())
	}
	return nil
}
