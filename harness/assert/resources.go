package assert

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/internal/strictyaml"
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

// RSSGrowth is resources.rss_growth with the resources.warmup it reads.
type RSSGrowth struct {
	Bound  strictyaml.ByteSize `yaml:"rss_growth"`
	Warmup time.Duration       `yaml:"warmup"`
}

// HeapGrowth is resources.heap_growth with resources.warmup.
type HeapGrowth struct {
	Bound  strictyaml.ByteSize `yaml:"heap_growth"`
	Warmup time.Duration       `yaml:"warmup"`
}

// GoroutineGrowth is resources.goroutine_growth with resources.warmup.
type GoroutineGrowth struct {
	Bound  int           `yaml:"goroutine_growth"`
	Warmup time.Duration `yaml:"warmup"`
}

var resourcesWarmup = Option{Key: "warmup",
	Doc: "moves the baseline to the server's first sample at least this long after load started (default: the sample just before load)",
	Check: func(c *Checker, v any) {
		w := v.(time.Duration)
		c.Positive(w)
		if c.Duration > 0 && w >= c.Duration {
			c.Errorf("%s leaves no run after it (duration %s)", w, c.Duration)
		}
	}}

const resourcesDoc = " The baseline is the server's sample taken just before load (after a forced GC), or with " +
	"`warmup` its first sample at least that long after load started; the end is its sample after the drain. " +
	"Read from the server's own /metrics, so it needs a launched server, not `launch: external`; with " +
	"`launch: inprocess` the process is the harness's."

func init() {
	Register(Def{Name: report.AssertResourcesRSS, Order: 70, Example: "resources: {rss_growth: 64MiB, warmup: 2s}",
		Doc:   "The server's resident memory (`process_resident_memory_bytes`) grows at most the bound." + resourcesDoc,
		Param: RSSGrowth{}, Options: []Option{resourcesWarmup}, Check: checkBytes(func(p any) strictyaml.ByteSize { return p.(RSSGrowth).Bound }),
		Eval: func(in *Input, p any) report.Assertion {
			x := p.(RSSGrowth)
			return checkGrowth(in.R, growth{report.AssertResourcesRSS, MetricRSS, "rss", "server resident memory", float64(x.Bound), true}, x.Warmup)
		},
		FinishedRun: true, Final: measuredAfterDrain, FinalWhen: finalAfterDrain,
	})
	Register(Def{Name: report.AssertResourcesHeap, Order: 71, Example: "resources: {heap_growth: 16MiB}",
		Doc: "The server's Go heap in use (`go_memstats_heap_inuse_bytes`, after a forced GC through " +
			"`/debug/pprof/heap?gc=1`, so live memory, not garbage) grows at most the bound." + resourcesDoc,
		Param: HeapGrowth{}, Options: []Option{resourcesWarmup}, Check: checkBytes(func(p any) strictyaml.ByteSize { return p.(HeapGrowth).Bound }),
		Eval: func(in *Input, p any) report.Assertion {
			x := p.(HeapGrowth)
			return checkGrowth(in.R, growth{report.AssertResourcesHeap, MetricHeapInuse, "heap", "server Go heap in use", float64(x.Bound), true}, x.Warmup)
		},
		FinishedRun: true, Final: measuredAfterDrain, FinalWhen: finalAfterDrain,
	})
	Register(Def{Name: report.AssertResourcesGoroutines, Order: 72, Example: "resources: {goroutine_growth: 40}",
		Doc:   "The server's goroutine count (`go_goroutines`) grows at most the bound." + resourcesDoc,
		Param: GoroutineGrowth{}, Options: []Option{resourcesWarmup},
		Check: func(c *Checker, p any) {
			c.NotNegative(p.(GoroutineGrowth).Bound)
			needsMetrics(c)
		},
		Eval: func(in *Input, p any) report.Assertion {
			x := p.(GoroutineGrowth)
			return checkGrowth(in.R, growth{report.AssertResourcesGoroutines, MetricGoroutines, "goroutines", "server goroutines", float64(x.Bound), false}, x.Warmup)
		},
		FinishedRun: true, Final: measuredAfterDrain, FinalWhen: finalAfterDrain,
	})
}

func checkBytes(bound func(any) strictyaml.ByteSize) func(*Checker, any) {
	return func(c *Checker, p any) {
		if b := bound(p); b <= 0 {
			c.Errorf("must be positive (memory moves by pages), got %s", b)
		}
		needsMetrics(c)
	}
}

func needsMetrics(c *Checker) {
	if c.External {
		c.GroupErrorf("needs the server's metrics, which launch: external does not scrape")
	}
}

// WatchesResources reports whether any resources entry is stated, so the
// run snapshots the server's metrics before load and after the drain.
func WatchesResources(e Expect) bool {
	return e.Has(report.AssertResourcesRSS) || e.Has(report.AssertResourcesHeap) || e.Has(report.AssertResourcesGoroutines)
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
