package report

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// progressPlot: documents accepted and done (indexed) over time, from the
// uploads, plus the server's queue depth by status and the harness's
// indexed gauge when samples carry them.
func progressPlot(r *Report) (string, error) {
	p := newTimePlot(r, "progress and queue depth", "documents")
	p.Y.Tick.Marker = countTicks{}
	p.Y.Min = 0
	var accepted, indexed []float64
	statuses := map[int]bool{}
	for _, u := range r.Uploads {
		if u.Accepted {
			accepted = append(accepted, (u.Start + u.Latency).Seconds())
			statuses[u.Status] = true
		}
		if u.IndexedAt > 0 {
			indexed = append(indexed, u.IndexedAt.Seconds())
		}
	}
	n := 0
	for _, c := range []struct {
		label string
		at    []float64
	}{{acceptedLabel(statuses), accepted}, {"indexed", indexed}} {
		if len(c.at) > 0 {
			l := mustLine(cumulative(c.at, runSeconds(r)), lineStyle(palette[n], vg.Points(1.5), false))
			l.StepStyle = plotter.PostStep
			p.add(c.label, l)
		}
		n++
	}
	addSeries(p, r, []string{MetricQueueDepth, MetricStoreQueueDepth, MetricIndexedDocuments}, n)
	return p.render()
}

// llmPlot: the fakellm's request counters by endpoint and outcome.
func llmPlot(r *Report) (string, error) {
	p := newTimePlot(r, "fakellm requests (cumulative)", "requests")
	p.Y.Tick.Marker = countTicks{}
	p.Y.Min = 0
	if addSeries(p, r, []string{MetricFakeLLMRequests}, 0) == 0 {
		return "", nil
	}
	return p.render()
}

// cumulative turns event times into a step series counting them.
func cumulative(at []float64, end float64) plotter.XYs {
	slices.Sort(at)
	xys := plotter.XYs{{X: 0, Y: 0}}
	for i, t := range at {
		xys = append(xys, plotter.XY{X: t, Y: float64(i + 1)})
	}
	return append(xys, plotter.XY{X: max(end, at[len(at)-1]), Y: float64(len(at))})
}

// addSeries draws one line per series of the named metrics (colours from
// palette[first:]) and returns how many it drew.
func addSeries(p *chart, r *Report, names []string, first int) int {
	type line struct {
		s   Sample // the first sample: name and labels
		xys plotter.XYs
	}
	series := map[string]line{}
	for _, s := range r.Samples {
		if slices.Contains(names, s.Name) && !math.IsNaN(s.Value) && !math.IsInf(s.Value, 0) {
			k := seriesKey(s)
			l, ok := series[k]
			if !ok {
				l.s = s
			}
			l.xys = append(l.xys, plotter.XY{X: s.At.Seconds(), Y: s.Value})
			series[k] = l
		}
	}
	keys := slices.Sorted(maps.Keys(series))
	keys = slices.DeleteFunc(keys, func(k string) bool { return allZero(series[k].xys) })
	for i, k := range keys {
		l := mustLine(series[k].xys, lineStyle(palette[(first+i)%len(palette)], vg.Points(1.2), i >= len(palette)-first))
		p.add(seriesLabel(series[k].s, len(names)), l)
	}
	return len(keys)
}

// allZero reports whether a series never leaves zero; such series only
// clutter the legend.
func allZero(xys plotter.XYs) bool {
	for _, p := range xys {
		if p.Y != 0 {
			return false
		}
	}
	return true
}

// acceptedLabel names the accepted line, with its status when all accepted
// uploads share one ("accepted (201)").
func acceptedLabel(statuses map[int]bool) string {
	if len(statuses) != 1 {
		return "accepted"
	}
	for s := range statuses {
		return fmt.Sprintf("accepted (%d)", s)
	}
	return "accepted"
}
