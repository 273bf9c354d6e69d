package report

import (
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// healthPlot: every health probe's latency over time; failed probes as red
// crosses; fault spans and failed assertion windows shaded; thresholds
// dashed.
func healthPlot(r *Report) (string, error) {
	p := newTimePlot(r, "/health probe latency", "latency (ms)")
	p.Y.Min = 0
	if w := failedWindows(r); len(w) > 0 {
		b := bands{spans: w, color: colWindow}
		p.add("failed assertion window", b)
	}
	var ok, bad plotter.XYs
	for _, pr := range r.Probes {
		if pr.Name != "" && pr.Name != "health" {
			continue
		}
		pt := plotter.XY{X: pr.At.Seconds(), Y: float64(pr.Latency.D().Microseconds()) / 1000}
		if pr.OK {
			ok = append(ok, pt)
		} else {
			bad = append(bad, pt)
		}
	}
	addProbes(p, ok, bad)
	addThresholds(p, r)
	return p.render()
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

// addThresholds draws the health.p99 and health.max limits.
func addThresholds(p *chart, r *Report) {
	for _, a := range r.Assertions {
		if (a.Name != AssertHealthP99 && a.Name != AssertHealthMax) || a.Limit <= 0 {
			continue
		}
		ms := a.Limit * 1000
		l := mustLine(plotter.XYs{{X: p.X.Min, Y: ms}, {X: p.X.Max, Y: ms}}, lineStyle(colWarn, vg.Points(1), a.Name == AssertHealthP99))
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
