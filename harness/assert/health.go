package assert

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// HealthProbe is the probe name the health assertions read.
const HealthProbe = "health"

func healthProbes(r *report.Report) []report.Probe {
	var out []report.Probe
	for _, p := range r.Probes {
		if p.Name == HealthProbe {
			out = append(out, p)
		}
	}
	return out
}

func noProbes(name, desc, threshold string) report.Assertion {
	return report.Assertion{Name: name, Description: desc, Threshold: threshold, Verdict: report.VerdictError,
		Measured: "no probes", Detail: "no health probe was recorded"}
}

// P99 is the nearest-rank 99th percentile.
func P99(ls []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ls...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(math.Ceil(0.99*float64(len(s))))-1]
}

// HealthP99 bounds the p99 probe latency in every window of length w
// (the whole run when w is 0), sliding the window start over every probe.
func HealthP99(in Input, bound, w time.Duration) report.Assertion {
	desc := "health probe p99 latency in every window"
	if w > 0 {
		desc = fmt.Sprintf("health probe p99 latency in every %s window", w)
	}
	a := report.Assertion{Name: report.AssertHealthP99, Description: desc, Threshold: le(bound), Limit: bound.Seconds()}
	ps := healthProbes(in.R)
	if len(ps) == 0 {
		return noProbes(a.Name, desc, a.Threshold)
	}
	worst, ws, we := worstWindow(ps, w)
	a.Measured, a.Value = fmtDur(worst), worst.Seconds()
	a.Verdict = verdict(worst <= bound)
	a.WindowStart, a.WindowEnd = ws, we
	a.Detail = fmt.Sprintf("health p99 %s in window %s-%s, %s", fmtDur(worst), at(ws), at(we), afterUpload(in.R, ws))
	return a
}

func worstWindow(ps []report.Probe, w time.Duration) (worst time.Duration, ws, we report.Duration) {
	if w <= 0 {
		ls := make([]time.Duration, len(ps))
		for i, p := range ps {
			ls[i] = p.Latency.D()
		}
		return P99(ls), ps[0].At, ps[len(ps)-1].At + ps[len(ps)-1].Latency
	}
	worst = -1
	for i, start := range ps {
		if q := windowP99(ps, i, w); q > worst {
			worst, ws, we = q, start.At, start.At+report.Duration(w)
		}
	}
	return worst, ws, we
}

// windowP99 is the p99 of the probes in the window of length w starting
// at probe i.
func windowP99(ps []report.Probe, i int, w time.Duration) time.Duration {
	var ls []time.Duration
	for _, p := range ps[i:] {
		if p.At >= ps[i].At+report.Duration(w) {
			break
		}
		ls = append(ls, p.Latency.D())
	}
	return P99(ls)
}

// HealthMax bounds every probe's latency; a failed probe counts as the time
// it waited.
func HealthMax(in Input, bound time.Duration) report.Assertion {
	a := report.Assertion{Name: report.AssertHealthMax, Description: "every health probe answered within the bound",
		Threshold: le(bound), Limit: bound.Seconds()}
	ps := healthProbes(in.R)
	if len(ps) == 0 {
		return noProbes(a.Name, a.Description, a.Threshold)
	}
	w := ps[0]
	for _, p := range ps {
		if p.Latency > w.Latency || (!p.OK && w.OK && p.Latency == w.Latency) {
			w = p
		}
	}
	a.Measured, a.Value = fmtDur(w.Latency.D()), w.Latency.Seconds()
	a.Verdict = verdict(w.Latency.D() <= bound && (w.OK || w.Latency.D() < bound))
	a.WindowStart, a.WindowEnd = w.At, w.At+w.Latency
	a.Detail = fmt.Sprintf("slowest probe at %s took %s%s, %s", at(w.At), fmtDur(w.Latency.D()), errSuffix(w), afterUpload(in.R, w.At))
	return a
}

func errSuffix(p report.Probe) string {
	if p.OK {
		return ""
	}
	return " (" + p.Error + ")"
}

// HealthFailures bounds the number of failed probes.
func HealthFailures(in Input, bound int) report.Assertion {
	a := report.Assertion{Name: report.AssertHealthFailures, Description: "failed health probes (timeouts, errors, non-2xx)",
		Threshold: fmt.Sprintf("<= %d", bound), Limit: float64(bound)}
	ps := healthProbes(in.R)
	if len(ps) == 0 {
		return noProbes(a.Name, a.Description, a.Threshold)
	}
	var failed []report.Probe
	for _, p := range ps {
		if !p.OK {
			failed = append(failed, p)
		}
	}
	a.Measured, a.Value = fmt.Sprintf("%d of %d", len(failed), len(ps)), float64(len(failed))
	a.Verdict = verdict(len(failed) <= bound)
	if len(failed) > 0 {
		f, l := failed[0], failed[len(failed)-1]
		a.WindowStart, a.WindowEnd = f.At, l.At+l.Latency
		a.Detail = fmt.Sprintf("first failure at %s (%s), %s; last at %s", at(f.At), f.Error, afterUpload(in.R, f.At), at(l.At))
	}
	return a
}

// HealthP99Param is health.p99 with the health.window it reads.
type HealthP99Param struct {
	Bound  time.Duration `yaml:"p99"`
	Window time.Duration `yaml:"window"`
}

var healthWindow = Option{Key: "window",
	Doc: "the sliding window health.p99 is computed over (default: the whole run)",
	Check: func(c *Checker, v any) {
		w := v.(time.Duration)
		c.Positive(w)
		if c.Duration > 0 && w > c.Duration {
			c.Errorf("%s is longer than the run (duration %s)", w, c.Duration)
		}
	}}

func init() {
	Register(Def{Name: report.AssertHealthP99, Order: 10, Example: "health: {p99: 250ms, window: 5s}",
		Doc: "The 99th percentile latency of the `/health` probes (nearest rank) in every sliding `window` " +
			"(the whole run without one) is at most the bound. The probe runs on its own goroutine and connection " +
			"every `probes.health.interval`; a probe that gets no answer within its timeout counts as that timeout.",
		Param: HealthP99Param{}, Options: []Option{healthWindow},
		Check: func(c *Checker, p any) { c.Positive(p.(HealthP99Param).Bound) },
		Eval: func(in *Input, p any) report.Assertion {
			x := p.(HealthP99Param)
			return HealthP99(*in, x.Bound, x.Window)
		},
		Live: healthP99Live, Final: orProbingOver(healthP99Live), Probed: true,
		FinalWhen: "a complete window (with `window`) is already over the bound, or probing is over (every other stated entry is final)",
		Diagnose:  true,
	})
	Register(Def{Name: report.AssertHealthMax, Order: 11, Example: "health: {max: 1s}",
		Doc:   "Every `/health` probe is answered within the bound; a probe with no answer counts as the time it waited.",
		Param: time.Duration(0),
		Check: func(c *Checker, p any) { c.Positive(p.(time.Duration)) },
		Eval:  func(in *Input, p any) report.Assertion { return HealthMax(*in, p.(time.Duration)) },
		Live:  healthMaxLive, Final: orProbingOver(healthMaxLive), Probed: true,
		FinalWhen: "a probe was already over the bound, or probing is over (every other stated entry is final)",
		Diagnose:  true,
	})
	Register(Def{Name: report.AssertHealthFailures, Order: 12, Example: "health: {failures: 0}",
		Doc:   "At most this many `/health` probes fail over the whole run (timeouts, connection errors, non-2xx).",
		Param: 0,
		Check: func(c *Checker, p any) { c.NotNegative(p.(int)) },
		Eval:  func(in *Input, p any) report.Assertion { return HealthFailures(*in, p.(int)) },
		Live:  healthFailuresLive, Final: orProbingOver(healthFailuresLive), Probed: true,
		FinalWhen: "more probes than the bound already failed, or probing is over (every other stated entry is final)",
		Diagnose:  true,
	})
}

// healthP99Live: a complete window (with `window`) is over the bound.
func healthP99Live(in *Input, p any) (bool, string) {
	x := p.(HealthP99Param)
	if x.Window <= 0 {
		return false, ""
	}
	ps := healthProbes(in.R)
	for i, start := range ps {
		if start.At+report.Duration(x.Window) > in.Now {
			break
		}
		if q := windowP99(ps, i, x.Window); q > x.Bound {
			return true, fmt.Sprintf("health p99 %s in window %s-%s", fmtDur(q), at(start.At), at(start.At+report.Duration(x.Window)))
		}
	}
	return false, ""
}

func healthMaxLive(in *Input, p any) (bool, string) {
	bound := p.(time.Duration)
	for _, pr := range healthProbes(in.R) {
		if l := pr.Latency.D(); l > bound || (!pr.OK && l >= bound) {
			return true, fmt.Sprintf("health probe took %s (%s)", l, orOK(pr.Error))
		}
	}
	return false, ""
}

func orOK(s string) string {
	if s == "" {
		return "ok"
	}
	return s
}

func healthFailuresLive(in *Input, p any) (bool, string) {
	bound := p.(int)
	n := 0
	for _, pr := range healthProbes(in.R) {
		if pr.OK {
			continue
		}
		if n++; n > bound {
			return true, fmt.Sprintf("%d failed health probes (%s)", n, pr.Error)
		}
	}
	return false, ""
}

// orProbingOver turns a Live check into a Final one: a certain failure is
// final, and so is anything once probing is over.
func orProbingOver(live func(*Input, any) (bool, string)) func(*Input, any) bool {
	return func(in *Input, p any) bool {
		failed, _ := live(in, p)
		return failed || in.ProbingOver
	}
}
