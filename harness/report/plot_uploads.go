package report

import (
	"gonum.org/v1/plot/vg"
)

// uploadsPlot: one horizontal bar per upload from send to answer, at the
// upload's index, coloured by outcome.
func uploadsPlot(r *Report) (string, error) {
	p := newTimePlot(r, "uploads: sent to answered", "upload #")
	p.Y.Tick.Marker = countTicks{}
	classes := []struct {
		label string
		match func(Upload) bool
		style bars
	}{
		{"2xx", func(u Upload) bool { return u.Status >= 200 && u.Status < 300 }, bars{style: lineStyle(colGood, vg.Points(2.5), false)}},
		{"4xx", func(u Upload) bool { return u.Status >= 400 && u.Status < 500 }, bars{style: lineStyle(colOther, vg.Points(2.5), false)}},
		{"5xx", func(u Upload) bool { return u.Status >= 500 }, bars{style: lineStyle(colWarn, vg.Points(2.5), false)}},
		{"no answer", func(u Upload) bool { return u.Status < 200 || (u.Status >= 300 && u.Status < 400) }, bars{style: lineStyle(colBad, vg.Points(2.5), false)}},
	}
	for _, c := range classes {
		for _, u := range r.Uploads {
			if c.match(u) {
				c.style.bars = append(c.style.bars, bar{from: u.Start.Seconds(), to: (u.Start + u.Latency).Seconds(), y: float64(u.Index + 1)})
			}
		}
		if len(c.style.bars) > 0 {
			p.add(c.label, c.style)
		}
	}
	p.Y.Min = 0
	p.Y.Max = float64(len(r.Uploads) + 1)
	return p.render()
}
