package server

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Every metric the server exposes passes the Prometheus linter, and every
// name in the metrics contract (dashboards.Metrics) is present.
func TestMetricsLintAndContract(t *testing.T) {
	f := newFixture(t, nil)
	f.requireExtraction()
	f.upload(doc("Metrics", sampleDoc))
	f.mustDo("GET", "/health", "", nil)
	problems, err := testutil.GatherAndLint(f.srv.gather)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint %s: %s", p.Metric, p.Text)
	}
	for _, name := range []string{
		"hangar_http_request_duration_seconds", "hangar_ingest_documents_total", "hangar_cascade_queue_depth",
		"hangar_cascade_completed_total", "hangar_cascade_oldest_pending_age_seconds",
		"hangar_cascade_last_progress_timestamp_seconds", "hangar_cascade_lease_reclaims_total",
		"hangar_llm_attempts_total", "hangar_llm_attempt_duration_seconds", "hangar_llm_pool_wait_seconds",
		"hangar_llm_inflight", "hangar_llm_breaker_state", "hangar_store_queue_depth",
		"hangar_store_write_duration_seconds", "hangar_upload_slots_in_use", "go_goroutines", "process_cpu_seconds_total",
	} {
		if n, err := testutil.GatherAndCount(f.srv.gather, name); err != nil || n == 0 {
			t.Errorf("metric %s missing (%d series, %v)", name, n, err)
		}
	}
}
