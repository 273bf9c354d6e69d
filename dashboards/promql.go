package dashboards

import "fmt"

// Query helpers: the dashboards repeat a few PromQL shapes; writing them once
// keeps the $__rate_interval use and the grouping consistent.

// rateBy is the per-second rate of a counter, summed by the given labels
// (none: one series).
func rateBy(counter, by string) string {
	return fmt.Sprintf("sum%s(rate(%s[$__rate_interval]))", byClause(by), counter)
}

// increaseBy is the increase of a counter over the rate interval.
func increaseBy(counter, by string) string {
	return fmt.Sprintf("sum%s(increase(%s[$__rate_interval]))", byClause(by), counter)
}

// quantile is a histogram quantile over the rate interval, by the given
// labels. selector may carry matchers: `x{route="/health"}`; the _bucket
// suffix is added to its name.
func quantile(q, histogram, matchers, by string) string {
	le := "le"
	if by != "" {
		le = by + ", le"
	}
	return fmt.Sprintf("histogram_quantile(%s, sum by (%s) (rate(%s_bucket%s[$__rate_interval])))",
		q, le, histogram, matchers)
}

// gaugeBy aggregates a gauge with fn by the given labels.
func gaugeBy(fn, gauge, by string) string {
	return fmt.Sprintf("%s%s(%s)", fn, byClause(by), gauge)
}

func byClause(by string) string {
	if by == "" {
		return ""
	}
	return " by (" + by + ") "
}

// p50p99 is the usual pair of latency targets for one histogram.
func p50p99(histogram, matchers, by, legend string) []Target {
	return []Target{
		{Expr: quantile("0.5", histogram, matchers, by), Legend: legend + " p50"},
		{Expr: quantile("0.99", histogram, matchers, by), Legend: legend + " p99"},
	}
}
