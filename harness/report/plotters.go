package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Custom gonum plotters: gonum/plot draws axes, ticks, legends and text;
// these two draw what it has no plotter for (full-height shaded spans and
// horizontal interval bars).

// span is an x range in seconds.
type span struct{ from, to float64 }

// bands shades x ranges over the full height of the data area. It has no
// data range, so it never stretches the axes.
type bands struct {
	spans []span
	color color.Color
}

// Plot implements plot.Plotter.
func (b bands) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, s := range b.spans {
		x0, x1 := trX(s.from), trX(s.to)
		pts := []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}}
		if clipped := c.ClipPolygonX(pts); len(clipped) > 0 {
			c.FillPolygon(b.color, clipped)
		}
	}
}

// Thumbnail implements plot.Thumbnailer for the legend.
func (b bands) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(b.color, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}

// bar is one horizontal interval at height y.
type bar struct{ from, to, y float64 }

// bars draws horizontal intervals (uploads from start to answer).
type bars struct {
	bars  []bar
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (b bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, r := range b.bars {
		x0, x1, y := trX(r.from), trX(r.to), trY(r.y)
		if x1-x0 < 1 {
			x1 = x0 + 1 // an instant answer still shows
		}
		c.StrokeLines(b.style, c.ClipLinesXY([]vg.Point{{X: x0, Y: y}, {X: x1, Y: y}})...)
	}
}

// DataRange implements plot.DataRanger.
func (b bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range b.bars {
		xmin, xmax = math.Min(xmin, r.from), math.Max(xmax, r.to)
		ymin, ymax = math.Min(ymin, r.y), math.Max(ymax, r.y)
	}
	return xmin, xmax, ymin, ymax
}

// Thumbnail implements plot.Thumbnailer.
func (b bars) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(b.style, c.Min.X, y, c.Max.X, y)
}
