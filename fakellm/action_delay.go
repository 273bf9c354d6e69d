package fakellm

import (
	"math"
	"time"
)

func init() { RegisterAction("delay", func() Action { return &Delay{} }) }

// Delay waits, then answers normally. The wait is Duration, or drawn from
// Distribution with the plan's seeded generator.
//
//	action: {kind: delay, duration: 2s}
//	action: {kind: delay, distribution: {type: uniform, min: 100ms, max: 2s}}
//	action: {kind: delay, distribution: {type: lognormal, median: 500ms, sigma: 0.8, max: 10s}}
type Delay struct {
	Duration     Duration      `yaml:"duration" json:"duration,omitempty"`
	Distribution *Distribution `yaml:"distribution" json:"distribution,omitempty"`
}

// Distribution is a random delay: uniform in [Min, Max], or log-normal
// with the given Median and Sigma (of the underlying normal), capped at
// Max when set.
type Distribution struct {
	Type   string   `yaml:"type" json:"type"`
	Min    Duration `yaml:"min" json:"min,omitempty"`
	Max    Duration `yaml:"max" json:"max,omitempty"`
	Median Duration `yaml:"median" json:"median,omitempty"`
	Sigma  float64  `yaml:"sigma" json:"sigma,omitempty"`
}

// Validate implements Action.
func (a *Delay) Validate() error {
	switch {
	case a.Distribution == nil && a.Duration == 0:
		return fieldErr("duration", "delay needs a duration > 0 or a distribution")
	case a.Distribution != nil && a.Duration != 0:
		return fieldErr("distribution", "give either duration or distribution, not both")
	case a.Distribution != nil:
		return a.Distribution.check()
	}
	return nil
}

func (d *Distribution) check() error {
	switch d.Type {
	case "uniform":
		if d.Max <= d.Min {
			return fieldErr("distribution.max", "uniform max %s must be above min %s", d.Max, d.Min)
		}
	case "lognormal":
		if d.Median <= 0 {
			return fieldErr("distribution.median", "lognormal needs a median > 0")
		}
		if d.Sigma <= 0 || d.Sigma > 5 {
			return fieldErr("distribution.sigma", "lognormal sigma must be in (0, 5], got %v", d.Sigma)
		}
	default:
		return fieldErr("distribution.type", "unknown distribution %q (want uniform or lognormal)", d.Type)
	}
	return nil
}

// draw returns the delay for one request.
func (a *Delay) draw(x *Exchange) time.Duration {
	d := a.Distribution
	if d == nil {
		return a.Duration.D()
	}
	if d.Type == "uniform" {
		return d.Min.D() + time.Duration(x.Float64()*float64(d.Max-d.Min))
	}
	v := time.Duration(float64(d.Median) * math.Exp(d.Sigma*x.NormFloat64()))
	if d.Max > 0 && v > d.Max.D() {
		v = d.Max.D()
	}
	return v
}

// Apply implements Action.
func (a *Delay) Apply(x *Exchange) {
	d := a.draw(x)
	x.Note("delayed %s", d.Round(time.Millisecond))
	if x.Wait(d) {
		x.Respond()
	}
}
