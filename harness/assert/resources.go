package assert

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// Phase event names the runner records; the resource checks read them.
const (
	PhaseLoadStart = "load start"
	PhaseDrainDone = "drain done"
)

// Server metrics the resource checks compare.
const (
	MetricRSS        = "process_resident_memory_bytes"
	MetricHeapInuse  = "go_memstats_heap_inuse_bytes"
	MetricGoroutines = "go_goroutines"
)

// ServerTarget is the sample target of the server under test.
const ServerTarget = "server"

// growth is one resource bound: a server metric that may grow by at most
// bound from the baseline to the end of the run.
type growth struct {
	name, metric, what, desc string
	bound                    float64
	bytes                    bool
}

// Resources checks each stated resource bound. The baseline is the
// server's first sample (the runner takes one, after a forced GC, before
// load) or, with a warmup, its first sample at least warmup after load
// started; the end is its last sample, which must come after the drain.
func Resources(in Input, x *scenario.ResourcesExpect) []report.Assertion {
	var gs []growth
	if x.RSSGrowth != nil {
		gs = append(gs, growth{report.AssertResourcesRSS, MetricRSS, "rss", "server resident memory", float64(*x.RSSGrowth), true})
	}
	if x.HeapGrowth != nil {
		gs = append(gs, growth{report.AssertResourcesHeap, MetricHeapInuse, "heap", "server Go heap in use", float64(*x.HeapGrowth), true})
	}
	if x.GoroutineGrowth != nil {
		gs = append(gs, growth{report.AssertResourcesGoroutines, MetricGoroutines, "goroutines", "server goroutines", float64(*x.GoroutineGrowth), false})
	}
	out := make([]report.Assertion, 0, len(gs))
	for _, g := range gs {
		out = append(out, checkGrowth(in.R, g, x.Warmup))
	}
	return out
}

func checkGrowth(r *report.Report, g growth, warmup time.Duration) report.Assertion {
	from := "before load"
	if warmup > 0 {
		from = fmt.Sprintf("%s into the load", fmtDur(warmup))
	}
	a := report.Assertion{Name: g.name,
		Description: fmt.Sprintf("%s grows at most the bound from %s to after drain (%s)", g.desc, from, g.metric),
		Threshold:   "<= +" + g.format(g.bound), Limit: g.bound}
	base, end, why := endpoints(r, g.metric, warmup)
	if why != "" {
		a.Verdict, a.Measured, a.Detail = report.VerdictError, "not measured", why
		return a
	}
	diff := end.Value - base.Value
	a.Value, a.Measured = diff, g.signed(diff)
	a.Verdict = verdict(diff <= g.bound)
	a.WindowStart, a.WindowEnd = base.At, end.At
	a.Detail = fmt.Sprintf("%s %s → %s (%s) between %s and %s", g.what, g.format(base.Value), g.format(end.Value),
		g.signed(diff), at(base.At), at(end.At))
	return a
}

// endpoints finds the baseline and end samples of metric, or says why not.
func endpoints(r *report.Report, metric string, warmup time.Duration) (base, end report.Sample, why string) {
	ss := serverSamples(r, metric)
	if len(ss) == 0 {
		return base, end, fmt.Sprintf("no server sample of %s: the server's /metrics was not scraped or does not export it", metric)
	}
	drained, ok := phaseAt(r, PhaseDrainDone)
	if !ok {
		return base, end, "the run ended before the drain: no end to compare"
	}
	end = ss[len(ss)-1]
	if end.At < drained {
		return base, end, fmt.Sprintf("no sample of %s after the drain at %s (last at %s)", metric, at(drained), at(end.At))
	}
	base = ss[0]
	if warmup <= 0 {
		return base, end, ""
	}
	started, ok := phaseAt(r, PhaseLoadStart)
	if !ok {
		return base, end, "the load never started: no warm-up baseline"
	}
	from := started + report.Duration(warmup)
	for _, s := range ss {
		if s.At >= from && s.At < drained {
			return s, end, ""
		}
	}
	return base, end, fmt.Sprintf("no sample of %s between the end of warm-up at %s and the drain at %s", metric, at(from), at(drained))
}

// serverSamples are the server's samples of an unlabelled metric, by time.
func serverSamples(r *report.Report, metric string) []report.Sample {
	var out []report.Sample
	for _, s := range r.Samples {
		if s.Target == ServerTarget && s.Name == metric && len(s.Labels) == 0 {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b report.Sample) int { return cmp.Compare(a.At, b.At) })
	return out
}

func phaseAt(r *report.Report, name string) (report.Duration, bool) {
	for _, e := range r.Events {
		if e.Kind == report.EventPhase && e.Name == name {
			return e.At, true
		}
	}
	return 0, false
}

func (g growth) format(v float64) string {
	if g.bytes {
		return fmtBytes(v)
	}
	return fmt.Sprintf("%.0f", v)
}

func (g growth) signed(v float64) string {
	if v < 0 {
		return "-" + g.format(-v)
	}
	return "+" + g.format(v)
}

// fmtBytes formats a byte count in MiB with one decimal, or KiB below 1MiB.
func fmtBytes(v float64) string {
	const kib, mib = 1 << 10, 1 << 20
	switch {
	case v >= mib || v <= -mib:
		return fmt.Sprintf("%.1fMiB", v/mib)
	case v >= kib || v <= -kib:
		return fmt.Sprintf("%.1fKiB", v/kib)
	}
	return fmt.Sprintf("%.0fB", v)
}
