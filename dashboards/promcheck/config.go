package promcheck

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/internal/loopback"
)

// Defaults for Config.
const (
	DefaultBinary       = "prometheus"
	DefaultCheckScrape  = time.Second
	DefaultStartTimeout = 30 * time.Second
	DefaultStopGrace    = 5 * time.Second
	DefaultMetricsPath  = "/metrics"
	maxScrapeTimeout    = 10 * time.Second
)

// Target is one scrape target.
type Target struct {
	Job         string // job label; targets of one job share a scrape config
	Addr        string // host:port on loopback
	MetricsPath string // default /metrics
}

// Config says what to run and what to scrape.
type Config struct {
	Binary         string        // prometheus executable; default "prometheus" on PATH
	Targets        []Target      // at least one
	ScrapeInterval time.Duration // default 1s; also the rule evaluation interval
	RuleFiles      []string      // absolute paths of rule files to load, optional
	StartTimeout   time.Duration // bound on start-up until /-/ready; default 30s
	StopGrace      time.Duration // SIGTERM to SIGKILL on Close; default 5s
}

func (c Config) withDefaults() Config {
	if c.Binary == "" {
		c.Binary = DefaultBinary
	}
	if c.ScrapeInterval <= 0 {
		c.ScrapeInterval = DefaultCheckScrape
	}
	if c.StartTimeout <= 0 {
		c.StartTimeout = DefaultStartTimeout
	}
	if c.StopGrace <= 0 {
		c.StopGrace = DefaultStopGrace
	}
	for i := range c.Targets {
		if c.Targets[i].MetricsPath == "" {
			c.Targets[i].MetricsPath = DefaultMetricsPath
		}
	}
	return c
}

// validate checks the config in one place; every problem is reported.
func (c Config) validate() error {
	var errs []error
	if len(c.Targets) == 0 {
		errs = append(errs, errors.New("no targets"))
	}
	seen := map[string]bool{}
	paths := map[string]string{}
	for i, t := range c.Targets {
		where := fmt.Sprintf("target %d (%s %s)", i+1, t.Job, t.Addr)
		if t.Job == "" {
			errs = append(errs, fmt.Errorf("%s: empty job", where))
		}
		if err := checkLoopback(t.Addr); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
		if !strings.HasPrefix(t.MetricsPath, "/") {
			errs = append(errs, fmt.Errorf("%s: metrics path %q must start with /", where, t.MetricsPath))
		}
		if p, ok := paths[t.Job]; ok && p != t.MetricsPath {
			errs = append(errs, fmt.Errorf("%s: job %q already uses metrics path %q", where, t.Job, p))
		}
		paths[t.Job] = t.MetricsPath
		if seen[t.Job+" "+t.Addr] {
			errs = append(errs, fmt.Errorf("%s: listed twice", where))
		}
		seen[t.Job+" "+t.Addr] = true
	}
	return errors.Join(errs...)
}

// checkLoopback accepts host:port with a loopback IP or "localhost".
func checkLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address: %w", err)
	}
	if port == "" || port == "0" {
		return fmt.Errorf("address %q: needs a port", addr)
	}
	if !loopback.Host(host) {
		return fmt.Errorf("address %q: only loopback targets are allowed", addr)
	}
	return nil
}

// promConfig is the subset of prometheus.yml that Start writes.
type promConfig struct {
	Global        promGlobal     `yaml:"global"`
	RuleFiles     []string       `yaml:"rule_files,omitempty"`
	ScrapeConfigs []scrapeConfig `yaml:"scrape_configs"`
}

type promGlobal struct {
	ScrapeInterval     string `yaml:"scrape_interval"`
	ScrapeTimeout      string `yaml:"scrape_timeout"`
	EvaluationInterval string `yaml:"evaluation_interval"`
}

type scrapeConfig struct {
	JobName       string         `yaml:"job_name"`
	MetricsPath   string         `yaml:"metrics_path"`
	StaticConfigs []staticConfig `yaml:"static_configs"`
}

type staticConfig struct {
	Targets []string `yaml:"targets"`
}

// PrometheusYAML renders the scrape config for c: one job per distinct Job,
// in first-seen order. Rule evaluation runs at the scrape interval.
func (c Config) PrometheusYAML() ([]byte, error) {
	c = c.withDefaults()
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("promcheck config: %w", err)
	}
	pc := promConfig{
		Global: promGlobal{
			ScrapeInterval:     FormatDuration(c.ScrapeInterval),
			ScrapeTimeout:      FormatDuration(min(c.ScrapeInterval, maxScrapeTimeout)),
			EvaluationInterval: FormatDuration(c.ScrapeInterval),
		},
		RuleFiles: c.RuleFiles,
	}
	index := map[string]int{}
	for _, t := range c.Targets {
		i, ok := index[t.Job]
		if !ok {
			i = len(pc.ScrapeConfigs)
			index[t.Job] = i
			pc.ScrapeConfigs = append(pc.ScrapeConfigs, scrapeConfig{
				JobName: t.Job, MetricsPath: t.MetricsPath, StaticConfigs: []staticConfig{{}},
			})
		}
		sc := &pc.ScrapeConfigs[i].StaticConfigs[0]
		sc.Targets = append(sc.Targets, t.Addr)
	}
	return yaml.Marshal(pc)
}
