package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The legend sits in a strip of its own below the plot, never over the
// data: entries flow left to right in equal columns and wrap into rows, and
// the strip is as tall as its rows. gonum's own legend is one column drawn
// inside the plot area, which covers the data and runs off the edge.

// Legend geometry and colours.
const (
	legendFontSize = 10
	legendMargin   = 8 * vg.Inch / 72 // around the strip's entries
	legendThumb    = 20 * vg.Inch / 72
	legendGap      = 6 * vg.Inch / 72  // between a thumbnail and its text
	legendColGap   = 16 * vg.Inch / 72 // between columns
	legendRowH     = 15 * vg.Inch / 72
)

var (
	colLegendBorder = color.NRGBA{R: 200, G: 200, B: 200, A: 255}
	colFrame        = color.NRGBA{R: 160, G: 160, B: 160, A: 255}
)

// legendEntry is one named thumbnail.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// legend lays entries out in a strip width wide.
type legend struct {
	entries []legendEntry
	style   text.Style
	width   vg.Length
	cols    int
	colW    vg.Length
}

func newLegend(entries []legendEntry, width vg.Length) legend {
	l := legend{entries: entries, width: width,
		style: text.Style{Font: font.From(plot.DefaultFont, legendFontSize), Handler: plot.DefaultTextHandler}}
	inner := width - 2*legendMargin
	var widest vg.Length
	for _, e := range entries {
		widest = max(widest, l.style.Width(e.name))
	}
	l.colW = min(inner, legendThumb+legendGap+widest+legendColGap)
	l.cols = max(1, int(math.Floor(float64((inner+legendColGap)/l.colW))))
	return l
}

// rows is how many rows the entries take.
func (l legend) rows() int { return (len(l.entries) + l.cols - 1) / l.cols }

// height is the strip's height: nothing without entries.
func (l legend) height() vg.Length {
	if len(l.entries) == 0 {
		return 0
	}
	return vg.Length(l.rows())*legendRowH + 2*legendMargin
}

// draw draws the strip's border and entries into c, whose size is
// width by height().
func (l legend) draw(c draw.Canvas) {
	if len(l.entries) == 0 {
		return
	}
	box := vg.Rectangle{Min: vg.Point{X: c.Min.X + 1, Y: c.Min.Y + 1}, Max: vg.Point{X: c.Max.X - 1, Y: c.Max.Y - 1}}
	strokeRect(c, box, colLegendBorder)
	textMax := l.colW - legendThumb - legendGap - legendColGap
	for i, e := range l.entries {
		x := c.Min.X + legendMargin + vg.Length(i%l.cols)*l.colW
		top := c.Max.Y - legendMargin - vg.Length(i/l.cols)*legendRowH
		icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: top - legendRowH + 3}, Max: vg.Point{X: x + legendThumb, Y: top - 3}}}
		e.thumb.Thumbnail(&icon)
		base := top - legendRowH/2 - l.style.Rectangle("M").Max.Y/2 + l.style.FontExtents().Descent/2
		c.FillText(l.style, vg.Point{X: x + legendThumb + legendGap, Y: base}, fit(l.style, e.name, textMax))
	}
}

// strokeRect outlines r in col, half a point wide.
func strokeRect(c draw.Canvas, r vg.Rectangle, col color.Color) {
	c.SetLineStyle(draw.LineStyle{Color: col, Width: vg.Points(0.5)})
	c.Stroke(r.Path())
}

// fit shortens s with an ellipsis until it is at most w wide, so a label
// is never cut by the edge of the picture.
func fit(st text.Style, s string, w vg.Length) string {
	if st.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && st.Width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
