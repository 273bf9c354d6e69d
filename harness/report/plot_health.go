package report

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// healthPlot: every health probe's latency over time, on a logarithmic
// axis in seconds (a 5ms probe and a 1s limit both read); failed probes as
// red crosses; fault spans and failed assertion windows shaded; thresholds
// dashed.
func healthPlot(r *Report) (string, error) {
	p := newTimePlot(r, "/health probe latency", "latency (log scale)")
	if w := failedWindows(r); len(w) > 0 {
		b := bands{spans: w, color: colWindow}
		p.add("failed assertion window", b)
	}
	lo, hi := latencyRange(healthValues(r))
	var ok, bad plotter.XYs
	for _, pr := range healthProbes(r) {
		pt := plotter.XY{X: pr.At.Seconds(), Y: max(pr.Latency.D().Seconds(), lo)}
		if pr.OK {
			ok = append(ok, pt)
		} else {
			bad = append(bad, pt)
		}
	}
	addProbes(p, ok, bad)
	addThresholds(p, r)
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, latencyTicks{}
	p.Y.Min, p.Y.Max = lo, hi
	return p.render()
}

// healthProbes are the probes of /health (a probe with no name is one).
func healthProbes(r *Report) []Probe {
	var out []Probe
	for _, pr := range r.Probes {
		if pr.Name == "" || pr.Name == "health" {
			out = append(out, pr)
		}
	}
	return out
}

// healthValues are the latencies and limits the health plot shows, in
// seconds.
func healthValues(r *Report) []float64 {
	var vs []float64
	for _, pr := range healthProbes(r) {
		vs = append(vs, pr.Latency.D().Seconds())
	}
	for _, a := range r.Assertions {
		if isHealthLimit(a) {
			vs = append(vs, a.Limit)
		}
	}
	return vs
}

// latencyRange is the log axis range for vs, in seconds: from the decade
// at or below the smallest positive value to half again the largest, and
// at least one decade. Values <= 0 (nothing measured) are drawn at lo;
// with no positive value the range is 1ms to 1s.
func latencyRange(vs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, v := range vs {
		if v > 0 && !math.IsInf(v, 0) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if hi == 0 {
		return 1e-3, 1
	}
	lo = math.Pow(10, math.Floor(math.Log10(lo)))
	return lo, max(hi*1.5, lo*10)
}

func addProbes(p *chart, ok, bad plotter.XYs) {
	if len(ok) > 0 {
		s := mustScatter(ok, draw.GlyphStyle{Color: colOK, Radius: vg.Points(1.2), Shape: draw.CircleGlyph{}})
		p.add("probe ok", s)
	}
	if len(bad) > 0 {
		s := mustScatter(bad, draw.GlyphStyle{Color: colBad, Radius: vg.Points(2.5), Shape: draw.CrossGlyph{}})
		p.add("probe failed", s)
	}
}

// isHealthLimit reports whether a is a health.p99 or health.max limit.
func isHealthLimit(a Assertion) bool {
	return (a.Name == AssertHealthP99 || a.Name == AssertHealthMax) && a.Limit > 0
}

// addThresholds draws the health.p99 and health.max limits (seconds).
func addThresholds(p *chart, r *Report) {
	for _, a := range r.Assertions {
		if !isHealthLimit(a) {
			continue
		}
		l := mustLine(plotter.XYs{{X: p.X.Min, Y: a.Limit}, {X: p.X.Max, Y: a.Limit}}, lineStyle(colWarn, vg.Points(1), a.Name == AssertHealthP99))
		p.add(a.Name+" limit", l)
	}
}

// failedWindows are the windows of failed assertions that name one.
func failedWindows(r *Report) []span {
	var out []span
	for _, a := range r.Assertions {
		if a.Verdict == VerdictFail && a.WindowEnd > a.WindowStart {
			out = append(out, span{from: a.WindowStart.Seconds(), to: a.WindowEnd.Seconds()})
		}
	}
	return out
}
