package promcheck

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Grafana defaults used when Vars leaves a field zero.
const (
	// DefaultRange is the dashboards' default time range (now-30m).
	DefaultRange = 30 * time.Minute
	// DefaultMaxDataPoints stands in for a panel's width in pixels, which
	// Grafana sends as the query's max data points.
	DefaultMaxDataPoints = 1000
	// DefaultScrapeInterval is Grafana's default for the datasource's
	// "scrape interval" (timeInterval) setting.
	DefaultScrapeInterval = 15 * time.Second
)

// Vars are the values Grafana would substitute into a panel query.
type Vars struct {
	Range          time.Duration     // dashboard time range, ending at To
	To             time.Time         // end of the range; zero means now
	MaxDataPoints  int               // panel resolution
	ScrapeInterval time.Duration     // the datasource's scrape interval (timeInterval)
	Datasource     string            // value of $datasource
	Custom         map[string]string // other dashboard variables, by name
}

func (v Vars) withDefaults() Vars {
	if v.Range <= 0 {
		v.Range = DefaultRange
	}
	if v.MaxDataPoints <= 0 {
		v.MaxDataPoints = DefaultMaxDataPoints
	}
	if v.ScrapeInterval <= 0 {
		v.ScrapeInterval = DefaultScrapeInterval
	}
	return v
}

// Interval is $__interval: the range divided by the resolution, rounded to
// one of Grafana's steps, and never below the scrape interval.
func (v Vars) Interval() time.Duration {
	v = v.withDefaults()
	iv := roundInterval(v.Range / time.Duration(v.MaxDataPoints))
	return max(iv, v.ScrapeInterval)
}

// RateInterval is $__rate_interval: max($__interval + scrape interval,
// 4 × scrape interval), so a rate always spans at least four scrapes.
func (v Vars) RateInterval() time.Duration {
	v = v.withDefaults()
	return max(v.Interval()+v.ScrapeInterval, 4*v.ScrapeInterval)
}

// roundSteps is Grafana's kbn.round_interval table: below Bound, use Step.
var roundSteps = []struct{ bound, step time.Duration }{
	{15 * time.Millisecond, 10 * time.Millisecond},
	{35 * time.Millisecond, 20 * time.Millisecond},
	{75 * time.Millisecond, 50 * time.Millisecond},
	{150 * time.Millisecond, 100 * time.Millisecond},
	{350 * time.Millisecond, 200 * time.Millisecond},
	{750 * time.Millisecond, 500 * time.Millisecond},
	{1500 * time.Millisecond, time.Second},
	{3500 * time.Millisecond, 2 * time.Second},
	{7500 * time.Millisecond, 5 * time.Second},
	{12500 * time.Millisecond, 10 * time.Second},
	{17500 * time.Millisecond, 15 * time.Second},
	{25 * time.Second, 20 * time.Second},
	{45 * time.Second, 30 * time.Second},
	{90 * time.Second, time.Minute},
	{210 * time.Second, 2 * time.Minute},
	{450 * time.Second, 5 * time.Minute},
	{750 * time.Second, 10 * time.Minute},
	{1050 * time.Second, 15 * time.Minute},
	{1500 * time.Second, 20 * time.Minute},
	{2700 * time.Second, 30 * time.Minute},
	{5400 * time.Second, time.Hour},
	{9000 * time.Second, 2 * time.Hour},
	{16200 * time.Second, 3 * time.Hour},
	{27000 * time.Second, 6 * time.Hour},
	{86400 * time.Second, 12 * time.Hour},
	{604800 * time.Second, 24 * time.Hour},
	{1814400 * time.Second, 7 * 24 * time.Hour},
	{3628800 * time.Second, 30 * 24 * time.Hour},
}

func roundInterval(d time.Duration) time.Duration {
	for _, s := range roundSteps {
		if d < s.bound {
			return s.step
		}
	}
	return 365 * 24 * time.Hour
}

// FormatDuration writes d the way PromQL reads it: "1m30s", "500ms", "2h".
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}, {time.Millisecond, "ms"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.unit
		}
	}
	if b.Len() == 0 {
		return "1ms" // below PromQL's resolution
	}
	return b.String()
}

// variableRef matches Grafana variable references: $name, ${name},
// ${name:format} and [[name]]. "$1" (a regex group) is not a variable.
var variableRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)(?::[^\]]*)?\]\]`)

// Expand substitutes Grafana variables in expr. A variable that Grafana
// would not know (neither built in nor in Custom) is an error, so a typo in a
// variable name fails here instead of reaching Prometheus as "$typo".
func Expand(expr string, v Vars) (string, error) {
	values := v.values()
	var unknown []string
	out := variableRef.ReplaceAllStringFunc(expr, func(ref string) string {
		m := variableRef.FindStringSubmatch(ref)
		name := m[1] + m[2] + m[3]
		if val, ok := values[name]; ok {
			return val
		}
		unknown = append(unknown, ref)
		return ref
	})
	if len(unknown) > 0 {
		return "", fmt.Errorf("unknown Grafana variable %s in %q", strings.Join(unknown, ", "), expr)
	}
	return out, nil
}

func (v Vars) values() map[string]string {
	v = v.withDefaults()
	iv, rate := v.Interval(), v.RateInterval()
	rangeS := int64(v.Range.Round(time.Second) / time.Second)
	vals := map[string]string{
		"__interval":         FormatDuration(iv),
		"__interval_ms":      strconv.FormatInt(iv.Milliseconds(), 10),
		"__rate_interval":    FormatDuration(rate),
		"__rate_interval_ms": strconv.FormatInt(rate.Milliseconds(), 10),
		"__range":            strconv.FormatInt(rangeS, 10) + "s",
		"__range_s":          strconv.FormatInt(rangeS, 10),
		"__range_ms":         strconv.FormatInt(v.Range.Milliseconds(), 10),
		"datasource":         v.Datasource,
	}
	for k, val := range v.Custom {
		vals[k] = val
	}
	return vals
}
