// Package telemetry exports the harness's own state as Prometheus metrics
// (`hangar run --metrics-addr`), so a dashboard shows a run live next to the
// server and fake LLM it drives. Names are a contract (dashboards.Metrics lists them):
//
//	hangar_harness_run_running                      gauge 0/1
//	hangar_harness_run_info{scenario,seed}          1
//	hangar_harness_uploads_total{outcome}           counter
//	hangar_harness_probe_duration_seconds{probe}    histogram
//	hangar_harness_probe_failures_total{probe}      counter
//	hangar_harness_assertion_verdict{assertion}     1 pass, 0 fail, -1 pending, -2 inconclusive
//	hangar_harness_faults_active                    gauge
//	hangar_harness_indexed_documents                gauge
//	hangar_harness_run_duration_seconds             gauge
package telemetry
