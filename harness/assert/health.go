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
		var ls []time.Duration
		for _, p := range ps[i:] {
			if p.At >= start.At+report.Duration(w) {
				break
			}
			ls = append(ls, p.Latency.D())
		}
		if q := P99(ls); q > worst {
			worst, ws, we = q, start.At, start.At+report.Duration(w)
		}
	}
	return worst, ws, we
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
