package llm

import (
	"errors"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the client's Prometheus series (names are a contract).
type metrics struct {
	attempts  *prometheus.CounterVec   // purpose, outcome
	duration  *prometheus.HistogramVec // purpose
	poolWait  *prometheus.HistogramVec // pool
	inflight  *prometheus.GaugeVec     // pool
	breakers  *breakerCollector
	collected []prometheus.Collector
}

func newMetrics() *metrics {
	m := &metrics{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hangar_llm_attempts_total",
			Help: "LLM call attempts by purpose and outcome (ok, timeout, rate_limited, server_error, client_error, transport_error, bad_response, canceled, breaker_open, pool_full).",
		}, []string{"purpose", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hangar_llm_attempt_duration_seconds",
			Help:    "Duration of one LLM HTTP attempt, by purpose.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120},
		}, []string{"purpose"}),
		poolWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hangar_llm_pool_wait_seconds",
			Help:    "Time an LLM call waited for a concurrency slot, by pool.",
			Buckets: []float64{.0001, .001, .005, .01, .05, .1, .5, 1, 5, 10, 30, 60},
		}, []string{"pool"}),
		inflight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "hangar_llm_inflight",
			Help: "LLM concurrency slots held, by pool.",
		}, []string{"pool"}),
		breakers: &breakerCollector{desc: prometheus.NewDesc("hangar_llm_breaker_state",
			"Circuit breaker state by purpose: 0 closed, 1 half-open, 2 open.", []string{"purpose"}, nil)},
	}
	m.collected = []prometheus.Collector{m.attempts, m.duration, m.poolWait, m.inflight, m.breakers}
	return m
}

func (m *metrics) register(r prometheus.Registerer) error {
	if r == nil {
		return nil
	}
	var errs []error
	for _, c := range m.collected {
		errs = append(errs, r.Register(c))
	}
	return errors.Join(errs...)
}

// breakerCollector reads each breaker's state at scrape time, so the gauge
// never lags a lazy open → half-open transition.
type breakerCollector struct {
	desc     *prometheus.Desc
	breakers []namedBreaker // set before registration, read-only after
}

type namedBreaker struct {
	purpose Purpose
	cb      circuitbreaker.CircuitBreaker[any]
}

func (c *breakerCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *breakerCollector) Collect(ch chan<- prometheus.Metric) {
	for _, b := range c.breakers {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, breakerValue(b.cb.State()), string(b.purpose))
	}
}

func breakerValue(s circuitbreaker.State) float64 {
	switch s {
	case circuitbreaker.HalfOpenState:
		return 1
	case circuitbreaker.OpenState:
		return 2
	default:
		return 0
	}
}
