package report

import (
	"math"
	"slices"
	"testing"
)

func TestLatencyRange(t *testing.T) {
	tests := []struct {
		name   string
		give   []float64
		lo, hi float64
	}{
		{name: "probes and a 1s limit", give: []float64{0.002, 0.006, 1}, lo: 0.001, hi: 1.5},
		{name: "fast only", give: []float64{0.005, 0.007}, lo: 0.001, hi: 0.0105},
		{name: "at least a decade", give: []float64{0.003}, lo: 0.001, hi: 0.01},
		{name: "zero and negative ignored", give: []float64{0, -1, 0.02, 0.5}, lo: 0.01, hi: 0.75},
		{name: "nothing positive", give: []float64{0, -0.1}, lo: 0.001, hi: 1},
		{name: "empty", give: nil, lo: 0.001, hi: 1},
		{name: "infinite ignored", give: []float64{math.Inf(1), 0.2}, lo: 0.1, hi: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := latencyRange(tt.give)
			if math.Abs(lo-tt.lo) > 1e-12 || math.Abs(hi-tt.hi) > 1e-12 {
				t.Errorf("latencyRange = %g, %g; want %g, %g", lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

func TestLatencyTicks(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi float64
		want   []string // the labelled ticks
		minor  int
	}{
		{name: "1ms to 1.5s", lo: 0.001, hi: 1.5, want: []string{"1ms", "10ms", "100ms", "1s"}, minor: 24},
		{name: "µs to s", lo: 1e-6, hi: 10, want: []string{"1µs", "10µs", "100µs", "1ms", "10ms", "100ms", "1s", "10s"}, minor: 56},
		{name: "minutes", lo: 1, hi: 150, want: []string{"1s", "10s", "100s"}, minor: 16},
		{name: "inside one decade", lo: 0.002, hi: 0.008, want: nil, minor: 7},
		{name: "zero low", lo: 0, hi: 1},
		{name: "negative", lo: -1, hi: 1},
		{name: "reversed", lo: 1, hi: 0.1},
		{name: "infinite", lo: 1, hi: math.Inf(1)},
		{name: "nan", lo: math.NaN(), hi: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var labels []string
			minor := 0
			for _, tk := range (latencyTicks{}).Ticks(tt.lo, tt.hi) {
				if tk.Value < tt.lo || tk.Value > tt.hi*(1+1e-9) {
					t.Errorf("tick %g outside [%g, %g]", tk.Value, tt.lo, tt.hi)
				}
				if tk.Label == "" {
					minor++
					continue
				}
				if e := math.Log10(tk.Value); math.Abs(e-math.Round(e)) > 1e-9 {
					t.Errorf("labelled tick %g (%s) is not a decade", tk.Value, tk.Label)
				}
				labels = append(labels, tk.Label)
			}
			if !slices.Equal(labels, tt.want) || minor != tt.minor {
				t.Errorf("labels %q and %d minor ticks, want %q and %d", labels, minor, tt.want, tt.minor)
			}
		})
	}
}

func TestSeriesLabel(t *testing.T) {
	tests := []struct {
		name    string
		give    Sample
		metrics int
		want    string
	}{
		{name: "queue by status", give: Sample{Name: MetricQueueDepth, Labels: map[string]string{"status": "in_progress"}}, metrics: 3, want: "queue depth (in progress)"},
		{name: "no labels", give: Sample{Name: MetricStoreQueueDepth}, metrics: 3, want: "store queue depth"},
		{name: "one metric drops the name", give: Sample{Name: MetricFakeLLMRequests, Labels: map[string]string{"outcome": "close_mid_body", "endpoint": "chat"}}, metrics: 1, want: "chat, close mid body"},
		{name: "one metric, no labels", give: Sample{Name: MetricIndexedDocuments}, metrics: 1, want: "indexed (harness)"},
		{name: "unknown metric", give: Sample{Name: "hangar_llm_retries_total", Labels: map[string]string{"kind": "chat"}}, metrics: 2, want: "llm retries (chat)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := seriesLabel(tt.give, tt.metrics); got != tt.want {
				t.Errorf("seriesLabel = %q, want %q", got, tt.want)
			}
		})
	}
}
