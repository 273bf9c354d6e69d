package promcheck_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/dashboards/promcheck"
)

func TestIntervals(t *testing.T) {
	tests := []struct {
		name         string
		give         promcheck.Vars
		interval     time.Duration
		rateInterval time.Duration
	}{
		{name: "grafana defaults, 30m", give: promcheck.Vars{},
			interval: 15 * time.Second, rateInterval: time.Minute},
		{name: "1h at 1000 points, 15s scrape", give: promcheck.Vars{Range: time.Hour, MaxDataPoints: 1000, ScrapeInterval: 15 * time.Second},
			interval: 15 * time.Second, rateInterval: time.Minute},
		{name: "24h: interval above the scrape interval", give: promcheck.Vars{Range: 24 * time.Hour, MaxDataPoints: 1000, ScrapeInterval: 15 * time.Second},
			interval: time.Minute, rateInterval: 75 * time.Second},
		{name: "short run, 1s scrape", give: promcheck.Vars{Range: 5 * time.Minute, ScrapeInterval: time.Second},
			interval: time.Second, rateInterval: 4 * time.Second},
		{name: "7d at 500 points", give: promcheck.Vars{Range: 7 * 24 * time.Hour, MaxDataPoints: 500, ScrapeInterval: 5 * time.Second},
			interval: 20 * time.Minute, rateInterval: 20*time.Minute + 5*time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.give.Interval(); got != tt.interval {
				t.Errorf("Interval() = %v, want %v", got, tt.interval)
			}
			if got := tt.give.RateInterval(); got != tt.rateInterval {
				t.Errorf("RateInterval() = %v, want %v", got, tt.rateInterval)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	vars := promcheck.Vars{Range: time.Hour, ScrapeInterval: 15 * time.Second, Datasource: "prom-1",
		Custom: map[string]string{"job": "hangar-server"}}
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "rate interval", give: "rate(x[$__rate_interval])", want: "rate(x[1m])"},
		{name: "braced", give: "rate(x[${__rate_interval}])", want: "rate(x[1m])"},
		{name: "brackets", give: "rate(x[[[__interval]]])", want: "rate(x[15s])"},
		{name: "format suffix", give: "rate(x[${__interval:text}])", want: "rate(x[15s])"},
		{name: "interval ms", give: "x / $__interval_ms", want: "x / 15000"},
		{name: "rate interval ms", give: "x / $__rate_interval_ms", want: "x / 60000"},
		{name: "range", give: "increase(x[$__range])", want: "increase(x[3600s])"},
		{name: "range s and ms", give: "x / $__range_s / $__range_ms", want: "x / 3600 / 3600000"},
		{name: "datasource and custom", give: `up{ds="$datasource", job="$job"}`, want: `up{ds="prom-1", job="hangar-server"}`},
		{name: "regex group untouched", give: `label_replace(up, "a", "$1", "b", "(.*)")`, want: `label_replace(up, "a", "$1", "b", "(.*)")`},
		{name: "no variables", give: "sum(up)", want: "sum(up)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := promcheck.Expand(tt.give, vars)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Expand(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestExpandUnknownVariable(t *testing.T) {
	for _, give := range []string{"rate(x[$__rate_intervl])", "up{job=\"${jobb}\"}", "x[[[nope]]]"} {
		if _, err := promcheck.Expand(give, promcheck.Vars{}); err == nil || !strings.Contains(err.Error(), "unknown Grafana variable") {
			t.Errorf("Expand(%q): err = %v, want unknown Grafana variable", give, err)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		give time.Duration
		want string
	}{
		{0, "0s"}, {500 * time.Millisecond, "500ms"}, {4 * time.Second, "4s"},
		{75 * time.Second, "1m15s"}, {2 * time.Hour, "2h"}, {time.Hour + 1500*time.Millisecond, "1h1s500ms"},
		{time.Microsecond, "1ms"},
	}
	for _, tt := range tests {
		if got := promcheck.FormatDuration(tt.give); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func FuzzExpand(f *testing.F) {
	f.Add("rate(x[$__rate_interval]) / ${__interval_ms} + [[__range]]")
	f.Add(`label_replace(up, "a", "$1", "b", "(.*)") $`)
	f.Add("${__interval:")
	f.Fuzz(func(t *testing.T, expr string) {
		out, err := promcheck.Expand(expr, promcheck.Vars{})
		if err != nil {
			return
		}
		for _, v := range []string{"$__rate_interval", "${__interval}", "$__range"} {
			if strings.Contains(out, v) && !strings.Contains(expr, v) {
				t.Fatalf("expansion produced %q from %q: %q", v, expr, out)
			}
		}
		if strings.Contains(expr, "$__rate_interval") && strings.Contains(out, "$__rate_interval") {
			t.Fatalf("left $__rate_interval in %q", out)
		}
	})
}
