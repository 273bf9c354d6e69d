package docs_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/scenarios"
	"github.com/hangarhq/hangar/server"
)

// checkTable fails naming every registered name without a row in the
// table (under header) of page, and every row that names nothing
// registered.
func checkTable(t *testing.T, page, header string, registered []string) {
	t.Helper()
	rows, err := firstColumn(read(t, page), header)
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	for _, n := range missing(registered, rows) {
		t.Errorf("%s: %s %q has no row in the %q table", page, header, n, header)
	}
	for _, n := range missing(rows, registered) {
		t.Errorf("%s: the %q table has a row %q, which is not registered", page, header, n)
	}
}

// TestFaultKindsDocumented: docs/fakellm.md has one row per registered
// fault action (fakellm.ActionKinds), and none for a kind that is gone.
func TestFaultKindsDocumented(t *testing.T) {
	checkTable(t, "docs/fakellm.md", "action", fakellm.ActionKinds())
}

// TestDefectsDocumented: docs/server.md's defect table has one row per
// server defect (server.DefectNames).
func TestDefectsDocumented(t *testing.T) {
	checkTable(t, "docs/server.md", "defect", server.DefectNames())
}

var backticked = regexp.MustCompile("`([^`]+)`")

// TestReadmeClassTable: README's failure-class table names every defect,
// and every scenario its last column names is shipped.
func TestReadmeClassTable(t *testing.T) {
	var rows []string
	inTable := false
	for l := range strings.Lines(read(t, "README.md")) {
		if strings.HasPrefix(l, "| class |") {
			inTable = true
			continue
		}
		if inTable && !strings.HasPrefix(l, "|") {
			break
		}
		if inTable && !strings.HasPrefix(l, "|---") {
			rows = append(rows, l)
		}
	}
	if len(rows) == 0 {
		t.Fatal("README.md: no table with header \"| class |\"")
	}
	table := strings.Join(rows, "")
	for _, d := range server.DefectNames() {
		if !strings.Contains(table, "`"+d+"`") {
			t.Errorf("README.md: defect %s missing from the failure-class table", d)
		}
	}
	for _, r := range rows {
		cells := strings.Split(strings.Trim(strings.TrimSpace(r), "|"), "|")
		for _, m := range backticked.FindAllStringSubmatch(cells[len(cells)-1], -1) {
			if !scenarios.Has(m[1]) {
				t.Errorf("README.md: failure-class table names scenario %q, which is not shipped", m[1])
			}
		}
	}
}

// TestShippedScenariosTable regenerates docs/harness.md's table of shipped
// scenarios from the embedded set.
func TestShippedScenariosTable(t *testing.T) {
	all, err := scenarios.All()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| scenario | needs a container engine | what it does |\n|---|---|---|\n")
	for _, s := range all {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", s.Name, yesNo(s.NeedsContainerEngine()), cell(s.Description))
	}
	checkGenerated(t, "docs/harness.md", "shipped-scenarios", b.String())
}

// TestScenariosPackageDoc: scenarios/doc.go lists every shipped scenario.
func TestScenariosPackageDoc(t *testing.T) {
	doc := read(t, "scenarios/doc.go")
	for _, n := range scenarios.Names() {
		if !regexp.MustCompile(`(?m)^//\t` + regexp.QuoteMeta(n) + `\s`).MatchString(doc) {
			t.Errorf("scenarios/doc.go: shipped scenario %s is not in the package doc's list", n)
		}
	}
}

// TestLaunchersTable regenerates docs/harness.md's table of launchers and
// their capabilities from the launch registry.
func TestLaunchersTable(t *testing.T) {
	var b strings.Builder
	b.WriteString("| launcher | server actions | `target.server` keys | leak check | virtual time | container image |\n" +
		"|---|---|---|---|---|---|\n")
	for _, n := range launch.Names() {
		l, err := launch.Lookup(n)
		if err != nil {
			t.Fatal(err)
		}
		c := l.Caps()
		var actions, keys []string
		for _, a := range c.Actions {
			actions = append(actions, string(a))
		}
		for _, k := range c.Accepts.Keys() {
			if k.Accepted {
				keys = append(keys, k.Name)
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", n, list(actions), list(keys), c.Leaks,
			yesNo(c.Virtual), yesNo(c.Image))
	}
	checkGenerated(t, "docs/harness.md", "launchers", b.String())
}

func list(v []string) string {
	if len(v) == 0 {
		return "none"
	}
	slices.Sort(v)
	return strings.Join(v, ", ")
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// cell makes s safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}
