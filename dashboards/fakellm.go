package dashboards

// FakeLLMDashboard shows what the fake LLM was asked and which faults fired.
func FakeLLMDashboard() Dashboard {
	return Dashboard{
		UID:   "hangar-fakellm",
		Title: "Fake LLM",
		Description: "Requests, latency and injected faults of hangar's fault-injecting fake " +
			"OpenAI-compatible LLM, and the llama-server compatible gauges it exports.",
		Tags:        []string{"hangar", "fakellm"},
		Rows:        []Row{fakeTraffic(), fakeFaults(), fakeLlamacpp()},
		Annotations: faultAnnotations(),
	}
}

func fakeTraffic() Row {
	return Row{Title: "Traffic", Panels: []Panel{
		{Title: "Requests by endpoint and outcome", Unit: "reqps", Stack: true,
			Targets: []Target{{Expr: rateBy("fakellm_requests_total", "endpoint, outcome"), Legend: "{{endpoint}} {{outcome}}"}}},
		{Title: "Latency by endpoint", Unit: "s",
			Targets: p50p99("fakellm_request_duration_seconds", "", "endpoint", "{{endpoint}}")},
		{Title: "In flight by endpoint", Unit: "short",
			Description: "Requests being answered, including ones a fault holds open.",
			Targets:     []Target{{Expr: gaugeBy("sum", "fakellm_inflight", "endpoint"), Legend: "{{endpoint}}"}}},
	}}
}

func fakeFaults() Row {
	return Row{Title: "Faults", Panels: []Panel{
		{Title: "Faults fired by rule and kind", Unit: "short", Width: 16, Stack: true,
			Targets: []Target{{Expr: increaseBy("fakellm_faults_total", "rule, kind"), Legend: "{{rule}} {{kind}}"}}},
		{Title: "Faults fired (total)", Kind: Table,
			Targets: []Target{{Expr: gaugeBy("sum", "fakellm_faults_total", "rule, kind"), Instant: true}}},
	}}
}

func fakeLlamacpp() Row {
	return Row{Title: "llama-server gauges", Panels: []Panel{
		{Title: "Requests processing and deferred", Unit: "short",
			Targets: []Target{
				{Expr: gaugeBy("sum", "llamacpp:requests_processing", ""), Legend: "processing"},
				{Expr: gaugeBy("sum", "llamacpp:requests_deferred", ""), Legend: "deferred"},
			}},
		{Title: "Decode calls", Unit: "ops",
			Targets: []Target{{Expr: rateBy("llamacpp:n_decode_total", ""), Legend: "decode/s"}}},
		{Title: "Tokens", Unit: "short",
			Description: "Prompt tokens read and tokens predicted, per second.",
			Targets: []Target{
				{Expr: rateBy("llamacpp:prompt_tokens_total", ""), Legend: "prompt/s"},
				{Expr: rateBy("llamacpp:tokens_predicted_total", ""), Legend: "predicted/s"},
			}},
	}}
}
