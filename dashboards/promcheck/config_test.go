package promcheck_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/dashboards/promcheck"
)

func TestPrometheusYAML(t *testing.T) {
	cfg := promcheck.Config{
		ScrapeInterval: 2 * time.Second,
		RuleFiles:      []string{"/abs/rules.yml"},
		Targets: []promcheck.Target{
			{Job: "hangar-server", Addr: "127.0.0.1:8001"},
			{Job: "fakellm", Addr: "127.0.0.1:8585"},
			{Job: "hangar-server", Addr: "127.0.0.1:8002"},
			{Job: "hangar-harness", Addr: "[::1]:9464", MetricsPath: "/m"},
		},
	}
	data, err := cfg.PrometheusYAML()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Global struct {
			ScrapeInterval     string `yaml:"scrape_interval"`
			EvaluationInterval string `yaml:"evaluation_interval"`
		} `yaml:"global"`
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			Job           string `yaml:"job_name"`
			Path          string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.Global.ScrapeInterval != "2s" || got.Global.EvaluationInterval != "2s" {
		t.Errorf("global = %+v", got.Global)
	}
	if len(got.RuleFiles) != 1 || got.RuleFiles[0] != "/abs/rules.yml" {
		t.Errorf("rule_files = %v", got.RuleFiles)
	}
	var jobs []string
	for _, sc := range got.ScrapeConfigs {
		jobs = append(jobs, sc.Job+" "+sc.Path+" "+strings.Join(sc.StaticConfigs[0].Targets, ","))
	}
	want := []string{
		"hangar-server /metrics 127.0.0.1:8001,127.0.0.1:8002",
		"fakellm /metrics 127.0.0.1:8585",
		"hangar-harness /m [::1]:9464",
	}
	if strings.Join(jobs, "\n") != strings.Join(want, "\n") {
		t.Errorf("scrape configs:\n%s\nwant:\n%s", strings.Join(jobs, "\n"), strings.Join(want, "\n"))
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		give []promcheck.Target
		want string
	}{
		{name: "no targets", want: "no targets"},
		{name: "not loopback", give: []promcheck.Target{{Job: "x", Addr: "10.0.0.1:9090"}}, want: `target 1 (x 10.0.0.1:9090): address "10.0.0.1:9090": only loopback`},
		{name: "hostname", give: []promcheck.Target{{Job: "x", Addr: "example.com:80"}}, want: "only loopback"},
		{name: "no port", give: []promcheck.Target{{Job: "x", Addr: "127.0.0.1"}}, want: "missing port"},
		{name: "port zero", give: []promcheck.Target{{Job: "x", Addr: "127.0.0.1:0"}}, want: "needs a port"},
		{name: "empty job", give: []promcheck.Target{{Addr: "127.0.0.1:1"}}, want: "empty job"},
		{name: "duplicate", give: []promcheck.Target{{Job: "x", Addr: "127.0.0.1:1"}, {Job: "x", Addr: "127.0.0.1:1"}}, want: "target 2 (x 127.0.0.1:1): listed twice"},
		{name: "two paths in a job", give: []promcheck.Target{{Job: "x", Addr: "127.0.0.1:1"}, {Job: "x", Addr: "127.0.0.1:2", MetricsPath: "/m"}},
			want: `job "x" already uses metrics path "/metrics"`},
		{name: "relative path", give: []promcheck.Target{{Job: "x", Addr: "127.0.0.1:1", MetricsPath: "metrics"}}, want: "must start with /"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := promcheck.Config{Targets: tt.give}
			_, err := cfg.PrometheusYAML()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("PrometheusYAML: err = %v, want it to contain %q", err, tt.want)
			}
			// Start validates before looking for the binary.
			_, err = promcheck.Start(context.Background(), promcheck.Config{Binary: "/nonexistent", Targets: tt.give})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Start: err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestStartWithoutBinary(t *testing.T) {
	_, err := promcheck.Start(context.Background(), promcheck.Config{
		Binary:  "hangar-no-such-prometheus",
		Targets: []promcheck.Target{{Job: "x", Addr: "127.0.0.1:1"}},
	})
	if !errors.Is(err, promcheck.ErrNoBinary) {
		t.Fatalf("err = %v, want ErrNoBinary", err)
	}
}
