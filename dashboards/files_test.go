package dashboards_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/dashboards"
)

func readYAML(t *testing.T, path string, into any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

type promYAML struct {
	Global struct {
		ScrapeInterval string `yaml:"scrape_interval"`
	} `yaml:"global"`
	RuleFiles     []string `yaml:"rule_files"`
	ScrapeConfigs []struct {
		Job     string `yaml:"job_name"`
		Statics []struct {
			Targets []string `yaml:"targets"`
		} `yaml:"static_configs"`
	} `yaml:"scrape_configs"`
}

// prometheus.yml scrapes the documented default ports under the documented
// job names and loads the rules file.
func TestPrometheusConfigTargets(t *testing.T) {
	var cfg promYAML
	readYAML(t, filepath.Join("prometheus", "prometheus.yml"), &cfg)
	got := map[string]string{}
	for _, sc := range cfg.ScrapeConfigs {
		for _, s := range sc.Statics {
			got[sc.Job] += strings.Join(s.Targets, ",")
		}
	}
	want := map[string]string{
		dashboards.JobServer: dashboards.DefaultServerAdminAddr, dashboards.JobFakeLLM: dashboards.DefaultFakeLLMAddr,
		dashboards.JobHarness: dashboards.DefaultHarnessMetricsAddr,
	}
	for job, addr := range want {
		if got[job] != addr {
			t.Errorf("job %s scrapes %q, want %q", job, got[job], addr)
		}
	}
	if len(cfg.RuleFiles) != 1 || filepath.Join("dashboards", "prometheus", cfg.RuleFiles[0]) != dashboards.RulesPath {
		t.Errorf("rule_files = %v, want the rules file %s", cfg.RuleFiles, dashboards.RulesPath)
	}
}

// The provisioned datasource points at the observe Prometheus, and its
// scrape interval matches prometheus.yml (Grafana derives $__rate_interval
// from it).
func TestGrafanaProvisioning(t *testing.T) {
	var prom promYAML
	readYAML(t, filepath.Join("prometheus", "prometheus.yml"), &prom)
	var ds struct {
		APIVersion  int `yaml:"apiVersion"`
		Datasources []struct {
			Type     string `yaml:"type"`
			URL      string `yaml:"url"`
			JSONData struct {
				TimeInterval string `yaml:"timeInterval"`
			} `yaml:"jsonData"`
		} `yaml:"datasources"`
	}
	readYAML(t, filepath.Join("grafana", "provisioning", "datasources", "hangar.yml"), &ds)
	if ds.APIVersion != 1 || len(ds.Datasources) != 1 {
		t.Fatalf("datasources file: apiVersion %d, %d datasources", ds.APIVersion, len(ds.Datasources))
	}
	d := ds.Datasources[0]
	if d.Type != "prometheus" || d.URL != "http://"+dashboards.DefaultPrometheusAddr {
		t.Errorf("datasource %s at %s, want prometheus at %s", d.Type, d.URL, dashboards.DefaultPrometheusAddr)
	}
	if d.JSONData.TimeInterval != prom.Global.ScrapeInterval {
		t.Errorf("datasource timeInterval %q, prometheus.yml scrape_interval %q", d.JSONData.TimeInterval, prom.Global.ScrapeInterval)
	}
	var prov struct {
		APIVersion int `yaml:"apiVersion"`
		Providers  []struct {
			Type    string `yaml:"type"`
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	readYAML(t, filepath.Join("grafana", "provisioning", "dashboards", "hangar.yml"), &prov)
	if prov.APIVersion != 1 || len(prov.Providers) != 1 || prov.Providers[0].Type != "file" || prov.Providers[0].Options.Path == "" {
		t.Errorf("dashboard provider: %+v", prov)
	}
}

func FuzzParseRules(f *testing.F) {
	f.Add(dashboards.RulesFile)
	f.Add([]byte("groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n"))
	f.Add([]byte("groups: [{name: g, rules: [{alert: A}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rg, err := dashboards.ParseRules(data)
		if err != nil {
			return
		}
		for _, g := range rg.Groups {
			for _, r := range g.Rules {
				if r.Name() == "" || r.Expr == "" {
					t.Fatalf("accepted a rule without name or expr: %+v", r)
				}
			}
		}
	})
}
