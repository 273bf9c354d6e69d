package dashboards

// breakerStates maps hangar_llm_breaker_state values (server/llm/metrics.go).
var breakerStates = []ValueText{
	{Value: "0", Text: "closed", Color: "green"},
	{Value: "1", Text: "half-open", Color: "yellow"},
	{Value: "2", Text: "open", Color: "red"},
}

// IngestDashboard watches an ingest server while the harness abuses it.
func IngestDashboard() Dashboard {
	return Dashboard{
		UID:   "hangar-ingest",
		Title: "Ingest under chaos",
		Description: "Uploads, /health latency, cascade progress and LLM resilience of a hangar " +
			"(or EverOS-compatible) ingest server while faults are injected.",
		Tags:        []string{"hangar", "server"},
		Rows:        []Row{ingestUploads(), ingestLiveness(), ingestCascade(), ingestLLM(), ingestProcess()},
		Annotations: faultAnnotations(),
	}
}

func ingestUploads() Row {
	return Row{Title: "Uploads", Panels: []Panel{
		{Title: "Uploads by outcome (server)", Unit: "reqps", Stack: true,
			Description: "Documents the server accepted or refused, per second.",
			Targets:     []Target{{Expr: rateBy("hangar_ingest_documents_total", "outcome"), Legend: "{{outcome}}"}}},
		{Title: "Uploads by outcome (harness)", Unit: "reqps", Stack: true,
			Description: "Uploads as the harness saw them, including timeouts the server never logged.",
			Targets:     []Target{{Expr: rateBy("hangar_harness_uploads_total", "outcome"), Legend: "{{outcome}}"}}},
		{Title: "HTTP requests by route and code", Unit: "reqps",
			Targets: []Target{{Expr: rateBy("hangar_http_request_duration_seconds_count", "route, code"),
				Legend: "{{route}} {{code}}"}}},
	}}
}

func ingestLiveness() Row {
	return Row{Title: "Liveness", Panels: []Panel{
		{Title: "/health latency (server)", Unit: "s",
			Description: "Server-side /health duration. Flat and low even while uploads hang, unless a defect puts /health behind the work.",
			Targets:     p50p99("hangar_http_request_duration_seconds", `{route="/health"}`, "", "/health")},
		{Title: "Probe latency (harness)", Unit: "s",
			Description: "Latency the harness probes measured from outside.",
			Targets:     p50p99("hangar_harness_probe_duration_seconds", "", "probe", "{{probe}}")},
		{Title: "Probe failures", Unit: "short",
			Targets: []Target{{Expr: increaseBy("hangar_harness_probe_failures_total", "probe"), Legend: "{{probe}}",
				MayBeEmpty: "the harness creates a probe's failure series on its first failure; a healthy run has none"}}},
	}}
}

// activeStatuses selects the non-terminal rows of hangar_cascade_queue_depth
// (statuses pending, indexing; the gauge also counts indexed and failed).
const activeStatuses = `{status!~"indexed|failed"}`

func ingestCascade() Row {
	return Row{Title: "Cascade", Panels: []Panel{
		{Title: "Cascade queue depth by status", Unit: "short", Stack: true,
			Description: "Rows waiting (pending) or being worked on (indexing).",
			Targets:     []Target{{Expr: gaugeBy("sum", "hangar_cascade_queue_depth"+activeStatuses, "status"), Legend: "{{status}}"}}},
		{Title: "Indexing rate", Unit: "ops",
			Description: "Documents indexed and failed per second, and failed attempts sent back for a retry.",
			Targets: []Target{
				{Expr: rateBy("hangar_cascade_completed_total", ""), Legend: "indexed/s"},
				{Expr: rateBy("hangar_cascade_failed_total", ""), Legend: "failed/s"},
				{Expr: rateBy("hangar_cascade_retries_total", ""), Legend: "retries/s"},
			}},
		{Title: "Oldest pending age", Unit: "s",
			Targets: []Target{{Expr: gaugeBy("max", "hangar_cascade_oldest_pending_age_seconds", ""), Legend: "oldest pending"}}},
		{Title: "Time since last progress", Unit: "s",
			Description: "Seconds since a document last reached indexed or failed. Climbing while the queue is non-empty is a stall.",
			Targets:     []Target{{Expr: "time() - max(hangar_cascade_last_progress_timestamp_seconds)", Legend: "since progress"}}},
		{Title: "Lease reclaims and rows in flight", Unit: "short",
			Targets: []Target{
				{Expr: increaseBy("hangar_cascade_lease_reclaims_total", ""), Legend: "reclaimed"},
				{Expr: gaugeBy("sum", "hangar_cascade_inflight", ""), Legend: "indexing now"},
			}},
		{Title: "Documents by final status", Unit: "short",
			Targets: []Target{{Expr: gaugeBy("sum", `hangar_cascade_queue_depth{status=~"indexed|failed"}`, "status"), Legend: "{{status}}"}}},
		{Title: "Store writer queue", Unit: "short",
			Description: "The single store writer's queue, and writes it refused (queue full or deadline).",
			Targets: []Target{
				{Expr: gaugeBy("sum", "hangar_store_queue_depth", ""), Legend: "queue depth"},
				{Expr: increaseBy("hangar_store_writes_rejected_total", "reason"), Legend: "rejected {{reason}}",
					MayBeEmpty: "the store creates a reason's series on its first refused write; a healthy run has none"},
			}},
		{Title: "Store write latency", Unit: "s",
			Targets: p50p99("hangar_store_write_duration_seconds", "", "", "write")},
	}}
}

func ingestLLM() Row {
	return Row{Title: "LLM", Panels: []Panel{
		{Title: "LLM attempts by purpose and outcome", Unit: "reqps", Width: 12,
			Targets: []Target{{Expr: rateBy("hangar_llm_attempts_total", "purpose, outcome"), Legend: "{{purpose}} {{outcome}}"}}},
		{Title: "LLM attempt latency", Unit: "s", Width: 12,
			Targets: p50p99("hangar_llm_attempt_duration_seconds", "", "purpose", "{{purpose}}")},
		{Title: "Circuit breaker", Kind: StateTimeline, Mappings: breakerStates,
			Targets: []Target{{Expr: gaugeBy("max", "hangar_llm_breaker_state", "purpose"), Legend: "{{purpose}}"}}},
		{Title: "Pool wait p99", Unit: "s",
			Description: "Time an LLM call waited for a concurrency slot. Uploads waiting behind background work point at a shared pool.",
			Targets:     []Target{{Expr: quantile("0.99", "hangar_llm_pool_wait_seconds", "", "pool"), Legend: "{{pool}}"}}},
		{Title: "LLM slots in use", Unit: "short",
			Targets: []Target{{Expr: gaugeBy("sum", "hangar_llm_inflight", "pool"), Legend: "{{pool}}"}}},
	}}
}

func ingestProcess() Row {
	return Row{Title: "Process", Panels: []Panel{
		{Title: "Goroutines", Unit: "short",
			Targets: []Target{{Expr: gaugeBy("sum", "go_goroutines", "job, instance"), Legend: "{{job}} {{instance}}"}}},
		{Title: "Resident memory", Unit: "bytes",
			Targets: []Target{{Expr: gaugeBy("sum", "process_resident_memory_bytes", "job, instance"), Legend: "{{job}} {{instance}}"}}},
		{Title: "CPU", Unit: "percentunit",
			Targets: []Target{{Expr: rateBy("process_cpu_seconds_total", "job, instance"), Legend: "{{job}} {{instance}}"}}},
		{Title: "Faults active", Unit: "short",
			Targets: []Target{{Expr: gaugeBy("max", "hangar_harness_faults_active", ""), Legend: "faults"}}},
	}}
}

// faultAnnotations mark fault windows on every time series panel.
func faultAnnotations() []Annotation {
	return []Annotation{
		{Name: "Faults active", Expr: "hangar_harness_faults_active > 0", Title: "fault active", Color: "red",
			MayBeEmpty: "true only while the harness holds a fault open"},
		{Name: "Faults fired", Expr: increaseBy("fakellm_faults_total", "rule, kind") + " > 0",
			Title: "{{rule}}: {{kind}}", TagKeys: "rule,kind", Color: "orange",
			MayBeEmpty: "true only within one rate interval of a fault firing"},
	}
}
