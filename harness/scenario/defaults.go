package scenario

// applyDefaults fills every key the file left out. seen holds the keys the
// file gave, so an explicit zero stays zero and is reported by Validate.
func (s *Scenario) applyDefaults(seen map[string]Pos) {
	set := func(path string, apply func()) {
		if _, ok := seen[path]; !ok {
			apply()
		}
	}
	set("target.server.launch", func() { s.Target.Server.Launch = DefaultLaunch })
	set("target.llm.launch", func() { s.Target.LLM.Launch = DefaultLLMLaunch })
	u := &s.Load.Uploads
	set("load.uploads.size", func() { u.Size = DefaultUploadSize })
	set("load.uploads.concurrency", func() { u.Concurrency = DefaultConcurrency })
	set("load.uploads.timeout", func() { u.Timeout = DefaultUploadTimeout })
	set("load.uploads.corpus", func() { u.Corpus = Corpus{Kind: DefaultCorpus} })
	h := &s.Probes.Health
	set("probes.health.interval", func() { h.Interval = DefaultHealthInterval })
	set("probes.health.timeout", func() { h.Timeout = DefaultHealthTimeout })
	set("probes.metrics.interval", func() { s.Probes.Metrics.Interval = DefaultMetricsInterval })
}
