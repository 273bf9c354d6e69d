package assert

import (
	"reflect"
	"slices"
)

// Group is the entries under one key of `expect`, such as health.
type Group struct {
	Name    string
	Entries []Def // in evaluation order
}

// Groups returns every group, in the order of their first entry.
func Groups() []Group {
	var out []Group
	for _, d := range Defs() {
		i := slices.IndexFunc(out, func(g Group) bool { return g.Name == d.Group() })
		if i < 0 {
			out = append(out, Group{Name: d.Group()})
			i = len(out) - 1
		}
		out[i].Entries = append(out[i].Entries, d)
	}
	return out
}

// LookupGroup returns the group named name.
func LookupGroup(name string) (Group, bool) {
	for _, g := range Groups() {
		if g.Name == name {
			return g, true
		}
	}
	return Group{}, false
}

// OwnKeys are the entries' own keys, in order: stating one states its
// entry.
func (g Group) OwnKeys() []string {
	out := make([]string, len(g.Entries))
	for i, d := range g.Entries {
		out[i] = d.Key()
	}
	return out
}

// Keys are every key valid under the group: the entries' own keys, then
// the options, in order.
func (g Group) Keys() []string {
	out := g.OwnKeys()
	for _, d := range g.Entries {
		for _, o := range d.Options {
			if !slices.Contains(out, o.Key) {
				out = append(out, o.Key)
			}
		}
	}
	return out
}

// Entry returns the entry whose own key is key.
func (g Group) Entry(key string) (Def, bool) {
	for _, d := range g.Entries {
		if d.Key() == key {
			return d, true
		}
	}
	return Def{}, false
}

// Readers are the entries that read key as an option.
func (g Group) Readers(key string) []Def {
	var out []Def
	for _, d := range g.Entries {
		if slices.ContainsFunc(d.Options, func(o Option) bool { return o.Key == key }) {
			out = append(out, d)
		}
	}
	return out
}

// Option returns the option key as the first entry reading it declares it.
func (g Group) Option(key string) (Option, bool) {
	for _, d := range g.Readers(key) {
		for _, o := range d.Options {
			if o.Key == key {
				return o, true
			}
		}
	}
	return Option{}, false
}

// KeyType is the type of key's value, nil when no entry reads key.
func (g Group) KeyType(key string) reflect.Type {
	for _, d := range g.Entries {
		if t := d.KeyType(key); t != nil {
			return t
		}
	}
	return nil
}
