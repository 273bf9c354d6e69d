package dashboards_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/dashboards"
)

// promtool finds the promtool binary (Debian package prometheus). Without it
// the test is skipped, unless HANGAR_REQUIRE_PROMTOOL=1 (set in CI), which
// turns the absence into a failure.
func promtool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err == nil {
		return path
	}
	if os.Getenv("HANGAR_REQUIRE_PROMTOOL") == "1" {
		t.Fatalf("promtool not found and HANGAR_REQUIRE_PROMTOOL=1: apt-get install -y prometheus")
	}
	t.Skip("promtool not on PATH (apt-get install -y prometheus); set HANGAR_REQUIRE_PROMTOOL=1 to make this a failure")
	return ""
}

// runPromtool runs promtool in dir with a bounded time and returns its
// combined output and exit error.
func runPromtool(t *testing.T, bin, dir string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

var rulesDir = filepath.Join("prometheus", "rules")

func TestPromtoolCheckRules(t *testing.T) {
	bin := promtool(t)
	if out, err := runPromtool(t, bin, rulesDir, "check", "rules", "hangar.rules.yml"); err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
}

func TestPromtoolCheckConfig(t *testing.T) {
	bin := promtool(t)
	if out, err := runPromtool(t, bin, "prometheus", "check", "config", "prometheus.yml"); err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}
}

func TestPromtoolTestRules(t *testing.T) {
	bin := promtool(t)
	if out, err := runPromtool(t, bin, rulesDir, "test", "rules", "hangar.rules.test.yml"); err != nil {
		t.Fatalf("promtool test rules: %v\n%s", err, out)
	}
}

// The embedded copies are what RuleQueries reads; they must be the files
// promtool checks.
func TestEmbeddedRulesMatchFiles(t *testing.T) {
	for name, embedded := range map[string][]byte{
		"hangar.rules.yml": dashboards.RulesFile, "hangar.rules.test.yml": dashboards.RulesTestFile,
	} {
		onDisk, err := os.ReadFile(filepath.Join(rulesDir, name))
		if err != nil || string(onDisk) != string(embedded) {
			t.Errorf("%s: embedded copy differs from the file (err %v)", name, err)
		}
	}
}

// ruleTestCase is the part of a promtool test file this test reads.
type ruleTestCase struct {
	Name  string `yaml:"name"`
	Evals []struct {
		Alert string `yaml:"alertname"`
		Exp   []any  `yaml:"exp_alerts"`
	} `yaml:"alert_rule_test"`
}

// firingAndQuiet lists, for one alert, the test cases with an eval that
// expects it to fire and those with an eval that expects it quiet.
func firingAndQuiet(t *testing.T, alert string) (firing, quiet []string) {
	t.Helper()
	var f struct {
		Tests []ruleTestCase `yaml:"tests"`
	}
	if err := yaml.Unmarshal(dashboards.RulesTestFile, &f); err != nil {
		t.Fatal(err)
	}
	for _, tc := range f.Tests {
		var fires, stays bool
		for _, e := range tc.Evals {
			if e.Alert == alert {
				fires = fires || len(e.Exp) > 0
				stays = stays || len(e.Exp) == 0
			}
		}
		if fires {
			firing = append(firing, tc.Name)
		}
		if stays {
			quiet = append(quiet, tc.Name)
		}
	}
	return firing, quiet
}

// The rule tests can fail: replacing an alert's expression with one that
// never fires must fail every "fires" case of that alert, and one that
// always fires must fail every "stays quiet" case.
func TestRuleTestsCatchMutants(t *testing.T) {
	bin := promtool(t)
	rg, err := dashboards.ParseRules(dashboards.RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	for gi, g := range rg.Groups {
		for ri, r := range g.Rules {
			firing, quiet := firingAndQuiet(t, r.Alert)
			if len(firing) == 0 || len(quiet) == 0 {
				t.Errorf("%s: want at least one firing and one quiet test case, have %d and %d", r.Alert, len(firing), len(quiet))
				continue
			}
			for _, m := range []struct {
				expr      string
				mustBreak []string
			}{{"vector(1) < 0", firing}, {"vector(1)", quiet}} {
				out := runMutant(t, bin, rg, gi, ri, m.expr)
				for _, name := range m.mustBreak {
					if !strings.Contains(out, "name: "+name+",") {
						t.Errorf("%s with expr %q: test case %q did not fail\n%s", r.Alert, m.expr, name, out)
					}
				}
			}
		}
	}
}

// runMutant writes the rules with one expression replaced next to the test
// file and returns promtool's failure output (the run must fail).
func runMutant(t *testing.T, bin string, rg dashboards.RuleGroups, gi, ri int, expr string) string {
	t.Helper()
	mut := dashboards.RuleGroups{Groups: append([]dashboards.RuleGroup(nil), rg.Groups...)}
	mut.Groups[gi].Rules = append([]dashboards.Rule(nil), rg.Groups[gi].Rules...)
	mut.Groups[gi].Rules[ri].Expr = expr
	data, err := yaml.Marshal(mut)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, b := range map[string][]byte{"hangar.rules.yml": data, "hangar.rules.test.yml": dashboards.RulesTestFile} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runPromtool(t, bin, dir, "test", "rules", "hangar.rules.test.yml")
	if err == nil {
		t.Errorf("%s: promtool passed with expr %q", rg.Groups[gi].Rules[ri].Alert, expr)
	}
	return out
}
