package probe

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// MaxScrapeBytes bounds one scrape's body.
const MaxScrapeBytes = 16 << 20

// Sample is one metric value from one scrape. Histograms and summaries
// become NAME_count and NAME_sum (buckets and quantiles are dropped: the
// harness evaluates counters and gauges, and the report stays small).
type Sample struct {
	At     time.Time
	Target string
	Name   string
	Labels map[string]string
	Value  float64
}

// Scrape GETs a Prometheus text endpoint and parses it with expfmt.
func Scrape(ctx context.Context, c *http.Client, url, target string) ([]Sample, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", target, err)
	}
	req.Header.Set("Accept", "text/plain;version=0.0.4")
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("scrape %s: %w", target, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("scrape %s: status %d", target, resp.StatusCode)
	}
	return Parse(io.LimitReader(resp.Body, MaxScrapeBytes), target, time.Now())
}

// Parse reads the Prometheus text format into samples stamped at.
func Parse(r io.Reader, target string, at time.Time) ([]Sample, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		return nil, fmt.Errorf("parse %s metrics: %w", target, err)
	}
	names := make([]string, 0, len(fams))
	for n := range fams {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Sample
	for _, n := range names {
		out = appendFamily(out, fams[n], target, at)
	}
	return out, nil
}

func appendFamily(out []Sample, mf *dto.MetricFamily, target string, at time.Time) []Sample {
	name := mf.GetName()
	for _, m := range mf.GetMetric() {
		labels := labelMap(m.GetLabel())
		add := func(n string, v float64) {
			if !math.IsNaN(v) {
				out = append(out, Sample{At: at, Target: target, Name: n, Labels: labels, Value: v})
			}
		}
		switch {
		case m.Counter != nil:
			add(name, m.Counter.GetValue())
		case m.Gauge != nil:
			add(name, m.Gauge.GetValue())
		case m.Untyped != nil:
			add(name, m.Untyped.GetValue())
		case m.Histogram != nil:
			add(name+"_count", float64(m.Histogram.GetSampleCount()))
			add(name+"_sum", m.Histogram.GetSampleSum())
		case m.Summary != nil:
			add(name+"_count", float64(m.Summary.GetSampleCount()))
			add(name+"_sum", m.Summary.GetSampleSum())
		}
	}
	return out
}

func labelMap(lps []*dto.LabelPair) map[string]string {
	if len(lps) == 0 {
		return nil
	}
	m := make(map[string]string, len(lps))
	for _, lp := range lps {
		m[lp.GetName()] = lp.GetValue()
	}
	return m
}

// Keep reports whether a sample is worth recording: everything except the
// Go runtime and process internals, of which goroutines, heap in use and
// resident memory are kept (soak scenarios chart them).
func Keep(s Sample) bool {
	switch s.Name {
	case "go_goroutines", "go_memstats_heap_inuse_bytes", "process_resident_memory_bytes":
		return true
	}
	return !strings.HasPrefix(s.Name, "go_") && !strings.HasPrefix(s.Name, "process_") &&
		!strings.HasPrefix(s.Name, "promhttp_")
}
