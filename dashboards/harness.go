package dashboards

// verdicts maps hangar_harness_assertion_verdict values.
var verdicts = []ValueText{
	{Value: "1", Text: "pass", Color: "green"},
	{Value: "0", Text: "fail", Color: "red"},
	{Value: "-1", Text: "pending", Color: "text"},
	{Value: "-2", Text: "inconclusive", Color: "orange"},
}

// HarnessDashboard follows harness runs: state, verdicts, load and probes.
func HarnessDashboard() Dashboard {
	return Dashboard{
		UID:         "hangar-harness",
		Title:       "Harness runs",
		Description: "State, assertion verdicts, load and probes of `hangar run` (exported with --metrics-addr).",
		Tags:        []string{"hangar", "harness"},
		Rows:        []Row{harnessRun(), harnessAssertions(), harnessLoad()},
		Annotations: faultAnnotations()[:1],
	}
}

func harnessRun() Row {
	return Row{Title: "Run", Panels: []Panel{
		{Title: "State", Kind: Stat, Width: 4,
			Mappings: []ValueText{{Value: "0", Text: "finished", Color: "text"}, {Value: "1", Text: "running", Color: "blue"}},
			Targets:  []Target{{Expr: gaugeBy("max", "hangar_harness_run_running", ""), Instant: true}}},
		{Title: "Run duration", Kind: Stat, Width: 4, Unit: "s",
			Targets: []Target{{Expr: gaugeBy("max", "hangar_harness_run_duration_seconds", ""), Instant: true}}},
		{Title: "Failing assertions", Kind: Stat, Width: 4, Unit: "short",
			Targets: []Target{{Expr: "count(hangar_harness_assertion_verdict == 0) or vector(0)", Instant: true}}},
		{Title: "Scenario", Kind: Table, Width: 12,
			Targets: []Target{{Expr: gaugeBy("max", "hangar_harness_run_info", "scenario, seed"), Instant: true}}},
	}}
}

func harnessAssertions() Row {
	return Row{Title: "Assertions", Panels: []Panel{
		{Title: "Assertion verdicts over time", Kind: StateTimeline, Width: 16, Mappings: verdicts,
			Targets: []Target{{Expr: gaugeBy("min", "hangar_harness_assertion_verdict", "assertion"), Legend: "{{assertion}}"}}},
		{Title: "Assertion verdicts now", Kind: Table, Mappings: verdicts,
			Targets: []Target{{Expr: gaugeBy("min", "hangar_harness_assertion_verdict", "assertion"), Instant: true}}},
	}}
}

func harnessLoad() Row {
	return Row{Title: "Load and probes", Panels: []Panel{
		{Title: "Uploads by outcome", Unit: "reqps", Stack: true,
			Targets: []Target{{Expr: rateBy("hangar_harness_uploads_total", "outcome"), Legend: "{{outcome}}"}}},
		{Title: "Indexed documents", Unit: "short",
			Targets: []Target{{Expr: gaugeBy("max", "hangar_harness_indexed_documents", ""), Legend: "indexed"}}},
		{Title: "Probe latency p99", Unit: "s",
			Targets: []Target{{Expr: quantile("0.99", "hangar_harness_probe_duration_seconds", "", "probe"), Legend: "{{probe}}"}}},
		{Title: "Faults active", Unit: "short",
			Targets: []Target{{Expr: gaugeBy("max", "hangar_harness_faults_active", ""), Legend: "faults"}}},
		{Title: "Scrape targets up", Kind: StateTimeline,
			Mappings: []ValueText{{Value: "0", Text: "down", Color: "red"}, {Value: "1", Text: "up", Color: "green"}},
			Targets:  []Target{{Expr: gaugeBy("max", "up", "job, instance"), Legend: "{{job}} {{instance}}"}}},
	}}
}

// All returns every dashboard, in file order.
func All() []Dashboard {
	return []Dashboard{IngestDashboard(), FakeLLMDashboard(), HarnessDashboard()}
}
