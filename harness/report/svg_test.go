package report

import (
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// The plots' SVG read back as a person sees it: where the data area is,
// where every legend entry is, what the latency axis says. gonum's SVG
// flips y once for the whole picture (scale(1,-1) translate(0,-H)) and
// once more for each text, so everything below is in gonum's coordinates,
// y up, origin bottom left.

type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []svgNode  `xml:",any"`
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) intersects(o rect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

func (r rect) contains(o rect) bool {
	const eps = 0.01
	return o.x0 >= r.x0-eps && o.x1 <= r.x1+eps && o.y0 >= r.y0-eps && o.y1 <= r.y1+eps
}

func (r rect) String() string { return fmt.Sprintf("[%.1f,%.1f–%.1f,%.1f]", r.x0, r.y0, r.x1, r.y1) }

// svgText is one upright text with its extent.
type svgText struct {
	s    string
	box  rect
	base float64 // baseline y
}

// svgPath is one path: its bounding box and stroke colour.
type svgPath struct {
	box          rect
	stroke, fill string
}

// svgPlot is what a parsed plot holds, in document order.
type svgPlot struct {
	view  rect
	items []any // svgText or svgPath
}

func parseSVG(t *testing.T, src string) svgPlot {
	t.Helper()
	var root svgNode
	if err := xml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatalf("parse svg: %v", err)
	}
	var vb [4]float64
	if _, err := fmt.Sscanf(root.attr("viewBox"), "%g %g %g %g", &vb[0], &vb[1], &vb[2], &vb[3]); err != nil {
		t.Fatalf("viewBox %q: %v", root.attr("viewBox"), err)
	}
	p := svgPlot{view: rect{vb[0], vb[1], vb[2], vb[3]}}
	if len(root.Nodes) != 1 || root.Nodes[0].attr("transform") != fmt.Sprintf("scale(1, -1) translate(0, -%g)", vb[3]) {
		t.Fatalf("want one group flipping y over the height %g; gonum's SVG layout changed", vb[3])
	}
	for _, n := range root.Nodes[0].Nodes {
		switch n.XMLName.Local {
		case "path":
			p.items = append(p.items, svgPath{box: pathBox(t, n.attr("d")), stroke: styleOf(n, "stroke"), fill: styleOf(n, "fill")})
		case "text":
			if n.attr("transform") == "scale(1, -1)" { // upright text; the rotated axis label is in a group
				p.items = append(p.items, textOf(t, n))
			}
		}
	}
	return p
}

// pathBox is the bounding box of the points of d (M, L, A and Z commands;
// an arc counts by its end point).
func pathBox(t *testing.T, d string) rect {
	t.Helper()
	b := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, cmd := range regexp.MustCompile(`[MLAZ][^MLAZ]*`).FindAllString(d, -1) {
		nums := strings.FieldsFunc(cmd[1:], func(r rune) bool { return r == ',' || r == ' ' })
		if cmd[0] == 'Z' {
			continue
		}
		if len(nums) < 2 {
			t.Fatalf("path %q: command %q", d, cmd)
		}
		x, errX := strconv.ParseFloat(nums[len(nums)-2], 64)
		y, errY := strconv.ParseFloat(nums[len(nums)-1], 64)
		if errX != nil || errY != nil {
			t.Fatalf("path %q: command %q", d, cmd)
		}
		b = rect{min(b.x0, x), min(b.y0, y), max(b.x1, x), max(b.y1, y)}
	}
	return b
}

func styleOf(n svgNode, key string) string {
	for kv := range strings.SplitSeq(n.attr("style"), ";") {
		if k, v, ok := strings.Cut(kv, ":"); ok && k == key {
			return v
		}
	}
	return ""
}

// textOf places a text by its baseline start and measures it with the
// font the SVG names (Liberation Serif, gonum's default).
func textOf(t *testing.T, n svgNode) svgText {
	t.Helper()
	x, err1 := strconv.ParseFloat(n.attr("x"), 64)
	y, err2 := strconv.ParseFloat(n.attr("y"), 64)
	size, err3 := strconv.ParseFloat(strings.TrimSuffix(styleOf(n, "font-size"), "px"), 64)
	if err1 != nil || err2 != nil || err3 != nil || !strings.Contains(styleOf(n, "font-family"), "Liberation Serif") {
		t.Fatalf("text %q: x %q y %q style %q", n.Text, n.attr("x"), n.attr("y"), n.attr("style"))
	}
	st := text.Style{Font: font.From(plot.DefaultFont, vg.Length(size)), Handler: plot.DefaultTextHandler}
	ext := st.FontExtents()
	base := -y
	return svgText{s: n.Text, base: base,
		box: rect{x, base - float64(ext.Descent), x + float64(st.Width(n.Text)), base + float64(ext.Ascent)}}
}

// byStroke is the box of the only path stroked in colour c.
func (p svgPlot) byStroke(t *testing.T, c string) (rect, int) {
	t.Helper()
	at := -1
	for i, it := range p.items {
		if pa, ok := it.(svgPath); ok && strings.EqualFold(pa.stroke, c) {
			if at >= 0 {
				t.Fatalf("two paths stroked %s", c)
			}
			at = i
		}
	}
	if at < 0 {
		return rect{}, -1
	}
	return p.items[at].(svgPath).box, at
}

func hexOf(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
}

// checkLegend: the legend strip lies inside the picture and clear of the
// data area, and every legend thumbnail and text lies inside the strip,
// none cut by its edge; want are the entries it must name.
func checkLegend(t *testing.T, p svgPlot, want []string) {
	t.Helper()
	data, _ := p.byStroke(t, hexOf(colFrame))
	box, at := p.byStroke(t, hexOf(colLegendBorder))
	if at < 0 {
		t.Fatal("no legend strip")
	}
	if !p.view.contains(box) || box.intersects(data) {
		t.Errorf("legend %s: want inside the picture %s and clear of the data area %s", box, p.view, data)
	}
	var names []string
	for _, it := range p.items[at+1:] {
		switch it := it.(type) {
		case svgText:
			names = append(names, it.s)
			if !box.contains(it.box) || it.box.intersects(data) {
				t.Errorf("legend text %q at %s: outside the legend %s or over the data %s", it.s, it.box, box, data)
			}
		case svgPath:
			if !box.contains(it.box) {
				t.Errorf("legend thumbnail at %s: outside the legend %s", it.box, box)
			}
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("legend names %q, want %q", names, want)
	}
}

func TestPlotLegendsOutsideData(t *testing.T) {
	long := failingRun()
	long.Samples = append(long.Samples, Sample{Name: MetricQueueDepth, Value: 1,
		Labels: map[string]string{"status": strings.Repeat("very_long_status_", 12)}})
	tests := []struct {
		name string
		plot func(*Report) (string, error)
		give *Report
		want []string
	}{
		{name: "health", plot: healthPlot, give: failingRun(),
			want: []string{"fault", "failed assertion window", "probe ok", "probe failed", "health.p99 limit", "health.max limit"}},
		{name: "uploads", plot: uploadsPlot, give: failingRun(), want: []string{"fault", "2xx", "4xx", "5xx", "no answer"}},
		{name: "progress", plot: progressPlot, give: failingRun(),
			want: []string{"fault", "accepted (201)", "indexed", "queue depth (pending)", "queue depth (processing)"}},
		{name: "fakellm", plot: llmPlot, give: failingRun(), want: []string{"fault", "chat, ok"}},
		{name: "passing health", plot: healthPlot, give: passingRun(), want: []string{"probe ok"}},
		{name: "long label", plot: progressPlot, give: long, want: []string{"fault", "accepted (201)", "indexed",
			"queue depth (pending)", "queue depth (processing)", longLabel(t, long)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := tt.plot(tt.give)
			if err != nil {
				t.Fatal(err)
			}
			checkLegend(t, parseSVG(t, svg), tt.want)
		})
	}
}

// longLabel is the shortened legend text of the long series: the label
// cut with an ellipsis.
func longLabel(t *testing.T, r *Report) string {
	t.Helper()
	svg, err := progressPlot(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range parseSVG(t, svg).items {
		if tx, ok := it.(svgText); ok && strings.HasPrefix(tx.s, "queue depth (very long") {
			if !strings.HasSuffix(tx.s, "…") {
				t.Errorf("long label %q not shortened", tx.s)
			}
			return tx.s
		}
	}
	t.Fatal("no long label in the legend")
	return ""
}

// TestHealthAxisLogarithmic: the health plot's y axis is labelled at
// decades only, 1ms to 1s for the fixture (2–6ms probes, 1s timeouts and
// limits), the labels evenly spaced, and a 5ms probe sits well above the
// bottom of the data area (on a linear 0–1s axis it would be at 0.5%).
func TestHealthAxisLogarithmic(t *testing.T) {
	svg, err := healthPlot(failingRun())
	if err != nil {
		t.Fatal(err)
	}
	p := parseSVG(t, svg)
	data, _ := p.byStroke(t, hexOf(colFrame))
	var labels []svgText
	for _, it := range p.items {
		if tx, ok := it.(svgText); ok && tx.box.x1 <= data.x0 && tx.box.y0 >= data.y0-10 {
			labels = append(labels, tx)
		}
	}
	slices.SortFunc(labels, func(a, b svgText) int { return int(math.Copysign(1, a.base-b.base)) })
	var got []string
	for _, l := range labels {
		got = append(got, l.s)
	}
	if want := []string{"1ms", "10ms", "100ms", "1s"}; !slices.Equal(got, want) {
		t.Fatalf("y tick labels %q, want %q", got, want)
	}
	step := labels[1].base - labels[0].base
	for i := 2; i < len(labels); i++ {
		if d := labels[i].base - labels[i-1].base; math.Abs(d-step) > 0.01 {
			t.Errorf("decades %s–%s %.2fpt apart, %s–%s %.2fpt: not logarithmic", labels[i-1].s, labels[i].s, d, labels[0].s, labels[1].s, step)
		}
	}
	// The probes of 2–6ms: on a linear axis up to 1.5s they would all lie
	// within 0.5% of the bottom; here the slowest is log10(6)/log10(1500)
	// = 25% up.
	top := math.Inf(-1)
	for _, it := range p.items {
		if pa, ok := it.(svgPath); ok && pa.fill == hexOf(colOK) && data.contains(pa.box) {
			top = max(top, (pa.box.y0+pa.box.y1)/2)
		}
	}
	if frac := (top - data.y0) / (data.y1 - data.y0); !(frac > 0.2 && frac < 0.3) {
		t.Errorf("slowest ok probe (6ms) at %.1f%% of the data area's height, want about 25%%", frac*100)
	}
}
