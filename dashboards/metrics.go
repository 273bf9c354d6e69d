package dashboards

import (
	"sort"
	"strings"
)

// Metric sources: which process exports a metric.
const (
	SourceServer     = "server"     // hangar server admin port /metrics
	SourceFakeLLM    = "fakellm"    // fakellm /metrics
	SourceHarness    = "harness"    // hangar run --metrics-addr
	SourceRuntime    = "runtime"    // Go and process collectors, on every Go target
	SourcePrometheus = "prometheus" // synthesised by Prometheus at scrape time
)

// Metric types as Prometheus names them.
const (
	TypeCounter   = "counter"
	TypeGauge     = "gauge"
	TypeHistogram = "histogram"
)

// Metric is one metric family a query or rule may name. Histograms are listed
// once by base name; their _bucket, _sum and _count series are implied.
type Metric struct {
	Name   string
	Type   string
	Source string
	Labels []string // labels the exporter sets (job and instance are added by Prometheus)
}

// TargetLabels are the labels Prometheus adds to every scraped series.
var TargetLabels = []string{"job", "instance"}

// Metrics is the contract: every metric name a dashboard query or alert rule
// uses must be here, and every entry is exported by its source (the server,
// fakellm and harness lists below, grouped by source).
var Metrics = []Metric{
	// server: HTTP, ingest, cascade, LLM client and store
	{"hangar_http_request_duration_seconds", TypeHistogram, SourceServer, []string{"route", "code"}},
	{"hangar_ingest_documents_total", TypeCounter, SourceServer, []string{"outcome"}},
	{"hangar_cascade_queue_depth", TypeGauge, SourceServer, []string{"status"}},
	{"hangar_cascade_completed_total", TypeCounter, SourceServer, nil},
	{"hangar_cascade_oldest_pending_age_seconds", TypeGauge, SourceServer, nil},
	{"hangar_cascade_last_progress_timestamp_seconds", TypeGauge, SourceServer, nil},
	{"hangar_cascade_lease_reclaims_total", TypeCounter, SourceServer, nil},
	{"hangar_llm_attempts_total", TypeCounter, SourceServer, []string{"purpose", "outcome"}},
	{"hangar_llm_attempt_duration_seconds", TypeHistogram, SourceServer, []string{"purpose"}},
	{"hangar_llm_pool_wait_seconds", TypeHistogram, SourceServer, []string{"pool"}},
	{"hangar_llm_inflight", TypeGauge, SourceServer, []string{"pool"}},
	{"hangar_llm_breaker_state", TypeGauge, SourceServer, []string{"purpose"}},
	{"hangar_store_queue_depth", TypeGauge, SourceServer, nil},
	{"hangar_store_write_duration_seconds", TypeHistogram, SourceServer, nil},
	// server: cascade and store internals (server/cascade/metrics.go, server/store/metrics.go)
	{"hangar_cascade_failed_total", TypeCounter, SourceServer, nil},
	{"hangar_cascade_retries_total", TypeCounter, SourceServer, nil},
	{"hangar_cascade_inflight", TypeGauge, SourceServer, nil},
	{"hangar_store_writes_rejected_total", TypeCounter, SourceServer, []string{"reason"}},

	// fakellm (fakellm/metrics.go)
	{"fakellm_requests_total", TypeCounter, SourceFakeLLM, []string{"endpoint", "outcome"}},
	{"fakellm_faults_total", TypeCounter, SourceFakeLLM, []string{"rule", "kind"}},
	{"fakellm_inflight", TypeGauge, SourceFakeLLM, []string{"endpoint"}},
	{"fakellm_request_duration_seconds", TypeHistogram, SourceFakeLLM, []string{"endpoint"}},
	{"llamacpp:requests_processing", TypeGauge, SourceFakeLLM, nil},
	{"llamacpp:requests_deferred", TypeGauge, SourceFakeLLM, nil},
	{"llamacpp:n_decode_total", TypeCounter, SourceFakeLLM, nil},
	{"llamacpp:prompt_tokens_total", TypeCounter, SourceFakeLLM, nil},
	{"llamacpp:tokens_predicted_total", TypeCounter, SourceFakeLLM, nil},

	// harness (harness/telemetry)
	{"hangar_harness_run_running", TypeGauge, SourceHarness, nil},
	{"hangar_harness_run_info", TypeGauge, SourceHarness, []string{"scenario", "seed"}},
	{"hangar_harness_uploads_total", TypeCounter, SourceHarness, []string{"outcome"}},
	{"hangar_harness_probe_duration_seconds", TypeHistogram, SourceHarness, []string{"probe"}},
	{"hangar_harness_probe_failures_total", TypeCounter, SourceHarness, []string{"probe"}},
	{"hangar_harness_assertion_verdict", TypeGauge, SourceHarness, []string{"assertion"}},
	{"hangar_harness_faults_active", TypeGauge, SourceHarness, nil},
	{"hangar_harness_indexed_documents", TypeGauge, SourceHarness, nil},
	{"hangar_harness_run_duration_seconds", TypeGauge, SourceHarness, nil},

	// Go and process collectors (client_golang defaults)
	{"go_goroutines", TypeGauge, SourceRuntime, nil},
	{"process_resident_memory_bytes", TypeGauge, SourceRuntime, nil},
	{"process_cpu_seconds_total", TypeCounter, SourceRuntime, nil},
	{"process_start_time_seconds", TypeGauge, SourceRuntime, nil},

	// Prometheus
	{"up", TypeGauge, SourcePrometheus, nil},
}

// LookupMetric finds the contract entry for a series name, resolving a
// histogram's _bucket, _sum and _count series to its family. For a bucket it
// also reports that the series carries the "le" label.
func LookupMetric(series string) (m Metric, bucket, ok bool) {
	for _, m := range Metrics {
		if m.Name == series {
			return m, false, true
		}
		if m.Type != TypeHistogram || !strings.HasPrefix(series, m.Name+"_") {
			continue
		}
		switch strings.TrimPrefix(series, m.Name+"_") {
		case "bucket":
			return m, true, true
		case "sum", "count":
			return m, false, true
		}
	}
	return Metric{}, false, false
}

// SeriesLabels lists every label a series of that name may carry, sorted:
// the exporter's labels, the target labels and "le" for histogram buckets.
func SeriesLabels(series string) ([]string, bool) {
	m, bucket, ok := LookupMetric(series)
	if !ok {
		return nil, false
	}
	labels := append(append([]string{"__name__"}, TargetLabels...), m.Labels...)
	if bucket {
		labels = append(labels, "le")
	}
	sort.Strings(labels)
	return labels, true
}
