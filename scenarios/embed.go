package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/harness/scenario"
)

//go:embed *.yaml
var files embed.FS

// FS returns the embedded scenario files (flat, NAME.yaml).
func FS() fs.FS { return files }

// Names returns the shipped scenario names (file names without .yaml), sorted.
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic("scenarios: embedded dir unreadable: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// Has reports whether name (with or without .yaml) is a shipped scenario.
func Has(name string) bool {
	return slices.Contains(Names(), strings.TrimSuffix(name, ".yaml"))
}

// Lookup loads and validates the shipped scenario called name (with or
// without the .yaml suffix).
func Lookup(name string) (*scenario.Scenario, error) {
	name = strings.TrimSuffix(name, ".yaml")
	if !Has(name) {
		return nil, fmt.Errorf("no shipped scenario %q (have %s)", name, strings.Join(Names(), ", "))
	}
	return scenario.ParseFS(files, name+".yaml")
}

// All loads every shipped scenario in name order; the first error stops it.
func All() ([]*scenario.Scenario, error) {
	var all []*scenario.Scenario
	for _, name := range Names() {
		s, err := Lookup(name)
		if err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	return all, nil
}
