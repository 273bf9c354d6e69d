package report

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// countTicks labels a count axis with whole numbers (gonum's default ticker
// prints "25.00" for counts).
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0):
		return nil // gonum's DefaultTicks never returns for infinite ranges
	case hi-lo > 1e15:
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 3, 64)}, {Value: hi, Label: strconv.FormatFloat(hi, 'g', 3, 64)}}
	case hi-lo < 1:
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := niceStep((hi - lo) / 5)
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten (at least 1).
func niceStep(x float64) float64 {
	if x <= 1 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= x {
			return m * pow
		}
	}
	return 10 * pow
}

// latencyTicks labels a logarithmic latency axis in seconds: a labelled
// tick at every decade (1ms, 10ms, 100ms, 1s, 10s), unlabelled ones at 2
// to 9 times it.
type latencyTicks struct{}

// Ticks implements plot.Ticker.
func (latencyTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	var ticks []plot.Tick
	for e := int(math.Floor(math.Log10(lo))); e <= int(math.Ceil(math.Log10(hi))) && len(ticks) < 200; e++ {
		for m := 1; m < 10; m++ {
			v := float64(m) * math.Pow10(e)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 {
				t.Label = decadeLabel(e)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// decadeLabel names 10^e seconds exactly: "100µs", "1ms", "10s".
func decadeLabel(e int) string {
	units := []struct {
		exp  int
		name string
	}{{0, "s"}, {-3, "ms"}, {-6, "µs"}, {-9, "ns"}}
	for _, u := range units {
		if e >= u.exp {
			return "1" + strings.Repeat("0", e-u.exp) + u.name
		}
	}
	return "1e" + strconv.Itoa(e) + "s"
}
