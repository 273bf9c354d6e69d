package scenario

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/harness/assert"
)

// expect validates the stated assertions through the registry: every
// group says something, options go with an entry that reads them, and
// each entry and option runs its own check.
func (v *validator) expect() {
	groups := assert.Groups()
	names := make([]string, 0, len(groups))
	given := false
	for _, g := range groups {
		names = append(names, g.Name)
		given = given || v.given("expect."+g.Name)
	}
	if !given {
		v.errf("expect", "no assertions: state at least one of %s", strings.Join(names, ", "))
	}
	seen := map[string]bool{}
	report := func(path, msg string) {
		if !seen[path+"\x00"+msg] {
			seen[path+"\x00"+msg] = true
			v.errf(path, "%s", msg)
		}
	}
	for _, g := range groups {
		if v.given("expect." + g.Name) {
			v.expectGroup(g, report)
		}
	}
}

func (v *validator) expectGroup(g assert.Group, report func(path, msg string)) {
	e := &v.s.Expect
	facts := assert.Facts{Duration: v.s.Duration, Faults: len(v.s.Timeline) > 0 || v.s.Target.LLM.Plan != nil,
		External: v.attaches()}
	var stated []assert.Def
	for _, d := range g.Entries {
		if e.Has(d.Name) {
			stated = append(stated, d)
		}
	}
	if len(stated) == 0 {
		v.errf("expect."+g.Name, "nothing to check: %s", nothingHint(g))
	}
	for _, key := range g.Keys() {
		val, ok := e.Option(g.Name + "." + key)
		if !ok {
			continue
		}
		readers := g.Readers(key)
		if len(readers) < len(g.Entries) && !anyStated(readers, e) {
			v.errf("expect."+g.Name+"."+key, "only used with %s", orList(keysOf(readers)))
		}
		if o, _ := g.Option(key); o.Check != nil {
			o.Check(assert.NewChecker(facts, g.Name, key, report), val)
		}
	}
	for _, d := range stated {
		if p, _ := e.Param(d.Name); d.Check != nil {
			d.Check(assert.NewChecker(facts, g.Name, d.Key(), report), p)
		}
	}
}

// nothingHint says what a group needs: `set goroutines: true` for a lone
// flag, else the keys that state an entry.
func nothingHint(g assert.Group) string {
	if len(g.Entries) == 1 && g.KeyType(g.Entries[0].Key()).Kind() == reflect.Bool {
		return "set " + g.Entries[0].Key() + ": true"
	}
	return "give " + orList(g.OwnKeys())
}

func anyStated(ds []assert.Def, e *Expect) bool {
	for _, d := range ds {
		if e.Has(d.Name) {
			return true
		}
	}
	return false
}

func keysOf(ds []assert.Def) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Key()
	}
	return out
}

// orList joins "a", "a or b", "a, b or c".
func orList(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// expectFailures checks that each expect_failures name is a registry
// entry the scenario states, listed once.
func (v *validator) expectFailures() {
	for i, n := range v.s.ExpectFailures {
		path := fmt.Sprintf("expect_failures[%d]", i)
		_, known := assert.Lookup(n)
		switch {
		case !known:
			var all []string
			for _, d := range assert.Defs() {
				all = append(all, d.Name)
			}
			v.errf(path, "unknown assertion %q (want one of %s)", n, strings.Join(all, ", "))
		case !v.s.Expect.Has(n):
			v.errf(path, "%q is not stated under expect", n)
		case slices.Index(v.s.ExpectFailures, n) < i:
			v.errf(path, "%q listed twice", n)
		}
	}
}

// attaches reports whether the named launcher only talks to a server
// someone else runs (Caps.Attaches). An unknown launch is reported on its
// own and attaches to nothing.
func (v *validator) attaches() bool {
	c, known := v.caps()
	return known && c.Attaches()
}
