package report

import (
	"bytes"
	"fmt"
	"image/color"
	"maps"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Plot size and palette. Colours are fixed so output is reproducible.
const (
	plotWidth  = 720 * vg.Inch / 72
	plotHeight = 240 * vg.Inch / 72
	// plotRight keeps the data area's right edge, and its frame, off the
	// picture's edge when the last x tick is not at the end of the run.
	plotRight = 12 * vg.Inch / 72
)

var (
	colFault  = color.NRGBA{R: 220, G: 50, B: 47, A: 40}
	colWindow = color.NRGBA{R: 230, G: 160, B: 0, A: 70}
	colOK     = color.NRGBA{R: 38, G: 139, B: 210, A: 255}
	colBad    = color.NRGBA{R: 220, G: 50, B: 47, A: 255}
	colWarn   = color.NRGBA{R: 203, G: 75, B: 22, A: 255}
	colGood   = color.NRGBA{R: 133, G: 153, B: 0, A: 255}
	colOther  = color.NRGBA{R: 108, G: 113, B: 196, A: 255}
	palette   = []color.Color{colOK, colGood, colWarn, colOther, color.NRGBA{R: 42, G: 161, B: 152, A: 255}, color.NRGBA{R: 211, G: 54, B: 130, A: 255}, color.NRGBA{R: 88, G: 110, B: 117, A: 255}}
)

// newTimePlot is a plot whose x axis is the run, in seconds, with fault
// spans shaded.
func newTimePlot(r *Report, title, ylabel string) *chart {
	p := &chart{Plot: plot.New()}
	p.Title.Text = title
	p.X.Label.Text = "seconds since start"
	p.Y.Label.Text = ylabel
	p.X.Min, p.X.Max = 0, runSeconds(r)
	if spans := faultSpans(r); len(spans) > 0 {
		b := bands{spans: spans, color: colFault}
		p.add("fault", b)
	}
	return p
}

// chart is a plot that keeps its legend entries for a legend of its own,
// drawn below the plot (see legend.go).
type chart struct {
	*plot.Plot
	entries []legendEntry
}

// legendPlotter is a plotter that can appear in the legend.
type legendPlotter interface {
	plot.Plotter
	plot.Thumbnailer
}

// add draws pl and names it in the legend.
func (c *chart) add(name string, pl legendPlotter) {
	c.Add(pl)
	c.entries = append(c.entries, legendEntry{name: name, thumb: pl})
}

// render draws the plot with a frame around its data area and the legend
// in a strip below it; the picture grows by the strip's height.
func (c *chart) render() (string, error) {
	if _, log := c.Y.Scale.(plot.LogScale); !log {
		c.Y.Max += (c.Y.Max - c.Y.Min) * 0.05 // the top value clear of the frame
	}
	lg := newLegend(c.entries, plotWidth)
	cv := vgsvg.New(plotWidth, plotHeight+lg.height())
	dc := draw.New(cv)
	area := draw.Crop(dc, 0, -plotRight, lg.height(), 0)
	c.Draw(area)
	strokeRect(dc, c.DataCanvas(area).Rectangle, colFrame)
	lg.draw(draw.Crop(dc, 0, 0, 0, -plotHeight))
	return svgString(cv)
}

// svgString is the canvas as an SVG element (no XML prolog), ready to
// inline.
func svgString(c *vgsvg.Canvas) (string, error) {
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", fmt.Errorf("render plot: %w", err)
	}
	s := b.String()
	return s[strings.Index(s, "<svg"):], nil
}

// runSeconds is the x extent: the run's length, or the last thing seen.
func runSeconds(r *Report) float64 {
	end := r.Elapsed().Seconds()
	for _, pr := range r.Probes {
		end = max(end, (pr.At + pr.Latency).Seconds())
	}
	for _, u := range r.Uploads {
		end = max(end, (u.Start + u.Latency).Seconds())
	}
	return max(end, 1)
}

func faultSpans(r *Report) []span {
	var spans []span
	for _, f := range r.Faults() {
		end := f.End.Seconds()
		if f.End == 0 {
			end = runSeconds(r)
		}
		spans = append(spans, span{from: f.At.Seconds(), to: end})
	}
	return spans
}

func lineStyle(c color.Color, width vg.Length, dashed bool) draw.LineStyle {
	s := draw.LineStyle{Color: c, Width: width}
	if dashed {
		s.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	return s
}

func mustLine(xys plotter.XYs, style draw.LineStyle) *plotter.Line {
	l, err := plotter.NewLine(xys)
	if err != nil {
		panic("report: non-finite plot data: " + err.Error()) // callers pass finite values only
	}
	l.LineStyle = style
	return l
}

func mustScatter(xys plotter.XYs, g draw.GlyphStyle) *plotter.Scatter {
	s, err := plotter.NewScatter(xys)
	if err != nil {
		panic("report: non-finite plot data: " + err.Error())
	}
	s.GlyphStyle = g
	return s
}

// seriesKey names a metric series: name{k=v,...} with sorted labels.
func seriesKey(s Sample) string {
	if len(s.Labels) == 0 {
		return s.Name
	}
	parts := make([]string, 0, len(s.Labels))
	for _, k := range slices.Sorted(maps.Keys(s.Labels)) {
		parts = append(parts, k+"="+s.Labels[k])
	}
	return s.Name + "{" + strings.Join(parts, ",") + "}"
}
