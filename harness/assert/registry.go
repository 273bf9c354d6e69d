package assert

import (
	"cmp"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hangarhq/hangar/harness/report"
)

// Def is one assertion: everything about it, in the one file that
// registers it.
type Def struct {
	// Name is "group.key": the key path under `expect` (health.p99 is
	// `expect: {health: {p99: …}}`), the report name and the doc anchor.
	Name string
	// Order places the entry in the evaluation and report order (then by
	// name). Entries of one group sit together: health 10-19, uploads
	// 20-29, progress 30-39, recovery 40s, leaks 50s, llm calls 60s,
	// resources 70s.
	Order int
	// Doc is one paragraph saying what the entry measures; docs/assertions.md
	// is generated from it.
	Doc string
	// Example is the entry as written under `expect`, e.g.
	// "uploads: {p95: 2s}"; it is in the docs and a test loads it.
	Example string
	// Param is the zero value of the parameter type. Without Options it is
	// the type of the entry's own key (time.Duration, []int, …); with
	// Options it is a struct with one yaml-tagged field per key it reads,
	// its own and each option.
	Param any
	// Options are sibling keys of the group the entry also reads
	// (health.p99 reads health.window). Entries may share an option.
	Options []Option
	// Check is the semantic check of the entry's own key (positive, in
	// range, …), reported through c; nil accepts any value of the type.
	Check func(c *Checker, p any)

	// Eval is the verdict, from everything recorded.
	Eval func(in *Input, p any) report.Assertion
	// Skip gives a reason the entry is not evaluated in this run ("" to
	// evaluate), beyond FinishedRun; nil never skips.
	Skip func(in *Input, p any) string

	// FinishedRun: the entry needs a run that ran to the end, so it is not
	// evaluated after a fail-fast stop.
	FinishedRun bool
	// Live says, while the run drives, whether the entry has certainly
	// failed already (fail-fast), never that it passed; nil never trips.
	Live func(in *Input, p any) (failed bool, detail string)
	// Final says, while the run drives, whether the verdict can no longer
	// change; nil: only at the end. FinalWhen says when, for the docs.
	Final     func(in *Input, p any) bool
	FinalWhen string
	// Probed: the entry reads the health probes, which go on as long as
	// the run does, so a pass is only final once probing is over
	// (Input.ProbingOver). AllFinal ends probing when every other stated
	// entry is final: probes never keep a run going by themselves.
	Probed bool
	// Diagnose: a failure of this entry triggers evidence capture and
	// diagnosis.
	Diagnose bool
	// Failing says, while the run drives, that the entry is failing right
	// now in a way the target still shows (a stall in progress), so the run
	// captures the diagnosis evidence at once rather than after the stall
	// has passed. Read only with Diagnose; nil: only Live says so.
	Failing func(in *Input, p any) bool
	// Early says, while the run drives, that what is recorded points at a
	// failure the entry may judge later (a probe over the bound in a window
	// still open): the run takes an early capture then, while the target is
	// under the load that caused it, and a second one if a failure comes
	// later. Read only with Diagnose; nil: no early capture.
	Early func(in *Input, p any) bool
}

// Option is a sibling key an entry reads besides its own, such as
// health.window for health.p99.
type Option struct {
	// Key is the key under the entry's group, e.g. "window".
	Key string
	// Doc says what it changes, for the docs.
	Doc string
	// Check is the semantic check of the option's value when given; nil
	// accepts any value of the type.
	Check func(c *Checker, v any)
}

// Group is the part of the name before the dot: the key under `expect`.
func (d Def) Group() string { g, _, _ := strings.Cut(d.Name, "."); return g }

// Key is the part of the name after the dot: the key under the group.
func (d Def) Key() string { _, k, _ := strings.Cut(d.Name, "."); return k }

// KeyType is the type of the value at key (the entry's own key or one of
// its options), nil when the entry does not read key.
func (d Def) KeyType(key string) reflect.Type {
	t := reflect.TypeOf(d.Param)
	if len(d.Options) == 0 {
		if key == d.Key() {
			return t
		}
		return nil
	}
	if i, ok := fieldByTag(t, key); ok {
		return t.Field(i).Type
	}
	return nil
}

// Assemble makes the entry's parameter from the decoded values of the
// keys it reads that were given (its own key must be among them).
func (d Def) Assemble(vals map[string]reflect.Value) any {
	if len(d.Options) == 0 {
		return vals[d.Key()].Interface()
	}
	p := reflect.New(reflect.TypeOf(d.Param)).Elem()
	for k, v := range vals {
		if i, ok := fieldByTag(p.Type(), k); ok {
			p.Field(i).Set(v)
		}
	}
	return p.Interface()
}

func fieldByTag(t reflect.Type, key string) (int, bool) {
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name == key {
			return i, true
		}
	}
	return 0, false
}

var (
	mu     sync.RWMutex // guards defs and sorted
	defs   = map[string]Def{}
	sorted []Def
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$`)
	keyRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// Register adds an entry; it panics on a malformed entry, a duplicate
// name, or a key its group already reads with another type (programmer
// errors, found at init).
func Register(d Def) {
	mu.Lock()
	defer mu.Unlock()
	if err := checkDef(d); err != nil {
		panic("assert: register " + d.Name + ": " + err.Error())
	}
	defs[d.Name] = d
	sorted = nil
}

func checkDef(d Def) error {
	switch {
	case !nameRE.MatchString(d.Name):
		return fmt.Errorf("name must be group.key in [a-z0-9_]")
	case defs[d.Name].Name != "":
		return fmt.Errorf("duplicate name")
	case d.Param == nil || d.Eval == nil:
		return fmt.Errorf("Param and Eval are required")
	case (d.Final == nil) != (d.FinalWhen == ""):
		return fmt.Errorf("Final and FinalWhen go together")
	}
	if len(d.Options) > 0 && reflect.TypeOf(d.Param).Kind() != reflect.Struct {
		return fmt.Errorf("with Options, Param must be a struct with a field per key")
	}
	keys := []string{d.Key()}
	for _, o := range d.Options {
		keys = append(keys, o.Key)
	}
	for i, k := range keys {
		if err := checkKey(d, k, i > 0); err != nil {
			return err
		}
	}
	return nil
}

// checkKey: key is valid, the entry reads it, and the rest of the group
// agrees on its type and role.
func checkKey(d Def, key string, option bool) error {
	if !keyRE.MatchString(key) {
		return fmt.Errorf("bad key %q", key)
	}
	t := d.KeyType(key)
	if t == nil {
		return fmt.Errorf("Param has no field tagged yaml:%q", key)
	}
	for _, o := range defs {
		if o.Group() != d.Group() {
			continue
		}
		if ot := o.KeyType(key); ot != nil && ot != t {
			return fmt.Errorf("key %q is %s here but %s in %s", key, t, ot, o.Name)
		}
		if ownByO := o.Key() == key; ownByO && option || !ownByO && !option && o.KeyType(key) != nil {
			return fmt.Errorf("key %q is an entry's own key and an option (%s)", key, o.Name)
		}
	}
	return nil
}

// Lookup returns the entry named name.
func Lookup(name string) (Def, bool) {
	mu.RLock()
	defer mu.RUnlock()
	d, ok := defs[name]
	return d, ok
}

// Defs returns every entry in the fixed evaluation order (Order, then
// name).
func Defs() []Def {
	mu.Lock()
	defer mu.Unlock()
	if sorted == nil {
		for _, d := range defs {
			sorted = append(sorted, d)
		}
		slices.SortFunc(sorted, func(a, b Def) int { return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Name, b.Name)) })
	}
	return slices.Clone(sorted)
}
