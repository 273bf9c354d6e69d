package assert

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// Expect is a scenario's stated assertions: one parameter per stated
// entry, in the order the file states them. The zero Expect states none.
type Expect struct {
	stated  []stated
	options map[string]any // option keys given ("health.window"), for their checks
}

type stated struct {
	name  string
	param any
}

// Set states the entry name with parameter p, replacing an earlier one. It
// panics when no entry has that name or p is not of its Param type
// (programmer errors: the scenario decoder only sets what it decoded).
func (e *Expect) Set(name string, p any) {
	d, ok := Lookup(name)
	if !ok {
		panic(fmt.Sprintf("assert: no entry %q", name))
	}
	if reflect.TypeOf(p) != reflect.TypeOf(d.Param) {
		panic(fmt.Sprintf("assert: %s takes %T, got %T", name, d.Param, p))
	}
	if i := e.index(name); i >= 0 {
		e.stated[i].param = p
		return
	}
	e.stated = append(e.stated, stated{name, p})
}

// With is Set returning the Expect, for literals in tests and callers.
func (e Expect) With(name string, p any) Expect {
	e.stated = slices.Clone(e.stated)
	e.options = maps.Clone(e.options)
	e.Set(name, p)
	return e
}

func (e Expect) index(name string) int {
	return slices.IndexFunc(e.stated, func(s stated) bool { return s.name == name })
}

// Param returns the parameter of a stated entry.
func (e Expect) Param(name string) (any, bool) {
	if i := e.index(name); i >= 0 {
		return e.stated[i].param, true
	}
	return nil, false
}

// Has reports whether name is stated.
func (e Expect) Has(name string) bool { return e.index(name) >= 0 }

// Names are the stated entries, in file order.
func (e Expect) Names() []string {
	out := make([]string, len(e.stated))
	for i, s := range e.stated {
		out[i] = s.name
	}
	return out
}

// Len is the number of stated entries.
func (e Expect) Len() int { return len(e.stated) }

// ParamOf returns the parameter of a stated entry as its type.
func ParamOf[P any](e Expect, name string) (P, bool) {
	p, ok := e.Param(name)
	v, isP := p.(P)
	return v, ok && isP
}

// SetOption records the value of an option key given in the file
// ("health.window"), whether or not an entry reading it is stated, so its
// check can run.
func (e *Expect) SetOption(path string, v any) {
	if e.options == nil {
		e.options = map[string]any{}
	}
	e.options[path] = v
}

// Option returns an option key's value as given in the file.
func (e Expect) Option(path string) (any, bool) {
	v, ok := e.options[path]
	return v, ok
}
