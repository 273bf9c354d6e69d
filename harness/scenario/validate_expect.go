package scenario

import (
	"fmt"
	"slices"
)

func (v *validator) expect() {
	e := &v.s.Expect
	if e.Health == nil && e.Uploads == nil && e.Progress == nil && e.Recovery == nil &&
		e.Leaks == nil && e.LLMCallsPerDocument == nil && e.Resources == nil {
		v.errf("expect", "no assertions: state at least one of health, uploads, progress, recovery, leaks, llm_calls_per_document, resources")
	}
	v.expectHealth(e.Health)
	v.expectUploads(e.Uploads)
	v.expectProgress(e.Progress)
	v.expectRecovery(e.Recovery)
	if e.Leaks != nil && !e.Leaks.Goroutines {
		v.errf("expect.leaks", "nothing to check: set goroutines: true")
	}
	if c := e.LLMCallsPerDocument; c != nil && c.Max <= 0 {
		v.errf("expect.llm_calls_per_document.max", "must be positive, got %g", c.Max)
	}
	v.expectResources(e.Resources)
}

func (v *validator) expectHealth(h *HealthExpect) {
	if h == nil {
		return
	}
	const base = "expect.health."
	v.positive(base+"p99", h.P99)
	v.positive(base+"max", h.Max)
	v.positive(base+"window", h.Window)
	if h.Failures != nil && *h.Failures < 0 {
		v.errf(base+"failures", "must not be negative, got %d", *h.Failures)
	}
	if h.P99 == 0 && h.Max == 0 && h.Failures == nil {
		v.errf("expect.health", "nothing to check: give p99, max or failures")
	}
	if v.given(base+"window") && !v.given(base+"p99") {
		v.errf(base+"window", "only used with p99")
	}
	if v.s.Duration > 0 && h.Window > v.s.Duration {
		v.errf(base+"window", "%s is longer than the run (duration %s)", h.Window, v.s.Duration)
	}
}

func (v *validator) expectUploads(u *UploadsExpect) {
	if u == nil {
		return
	}
	const base = "expect.uploads."
	v.positive(base+"answered_within", u.AnsweredWithin)
	if u.AnsweredWithin == 0 && len(u.Status) == 0 {
		v.errf("expect.uploads", "nothing to check: give answered_within or status")
	}
	for i, code := range u.Status {
		path := fmt.Sprintf("%sstatus[%d]", base, i)
		switch {
		case code < 100 || code > 599:
			v.errf(path, "%d is not an HTTP status code", code)
		case slices.Index(u.Status, code) < i:
			v.errf(path, "status %d listed twice", code)
		}
	}
}

func (v *validator) expectProgress(p *ProgressExpect) {
	if p == nil {
		return
	}
	v.positive("expect.progress.indexed_all_within", p.IndexedAllWithin)
	v.positive("expect.progress.forward_within", p.ForwardWithin)
	if p.IndexedAllWithin == 0 && p.ForwardWithin == 0 {
		v.errf("expect.progress", "nothing to check: give indexed_all_within or forward_within")
	}
}

func (v *validator) expectRecovery(r *RecoveryExpect) {
	if r == nil {
		return
	}
	if r.Within <= 0 {
		v.errf("expect.recovery.within", "required and must be positive")
	}
	if len(v.s.Timeline) == 0 && v.s.Target.LLM.Plan == nil {
		v.errf("expect.recovery", "recovery needs a fault: add an llm plan or a timeline step")
	}
}

func (v *validator) expectResources(r *ResourcesExpect) {
	if r == nil {
		return
	}
	const base = "expect.resources."
	for _, f := range []struct {
		key string
		b   *ByteSize
	}{{"rss_growth", r.RSSGrowth}, {"heap_growth", r.HeapGrowth}} {
		if f.b != nil && *f.b <= 0 {
			v.errf(base+f.key, "must be positive (memory moves by pages), got %s", *f.b)
		}
	}
	if g := r.GoroutineGrowth; g != nil && *g < 0 {
		v.errf(base+"goroutine_growth", "must not be negative, got %d", *g)
	}
	if r.RSSGrowth == nil && r.HeapGrowth == nil && r.GoroutineGrowth == nil {
		v.errf("expect.resources", "nothing to check: give rss_growth, heap_growth or goroutine_growth")
	}
	v.positive(base+"warmup", r.Warmup)
	if v.s.Duration > 0 && r.Warmup >= v.s.Duration {
		v.errf(base+"warmup", "%s leaves no run after it (duration %s)", r.Warmup, v.s.Duration)
	}
	if v.s.Target.Server.Launch == LaunchExternal {
		v.errf("expect.resources", "needs the server's metrics, which launch: external does not scrape")
	}
}
