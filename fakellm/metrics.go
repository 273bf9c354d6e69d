package fakellm

import (
	"net/http"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are per server (own registry), so servers in one process do not
// share counters.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	faults     *prometheus.CounterVec
	inflight   *prometheus.Desc
	duration   *prometheus.HistogramVec
	processing *prometheus.Desc
	deferred   prometheus.Gauge
	decode     prometheus.Counter
	promptTok  prometheus.Counter
	predicted  prometheus.Counter
	// byEndpoint holds each endpoint's label children, resolved once so
	// the request path does no label hashing.
	byEndpoint map[string]*endpointMetrics
}

// outcome is a value of fakellm_requests_total's outcome label.
type outcome int

const (
	outcomeOK outcome = iota
	outcomeFault
	outcomeBadRequest
	outcomeClientGone
	outcomeAborted
	numOutcomes
)

// outcomes are the label values, by outcome.
var outcomes = [numOutcomes]string{"ok", "fault", "bad_request", EndClientGone, EndAborted}

type endpointMetrics struct {
	name     string
	inflight atomic.Int64 // fakellm_inflight; their sum is llamacpp:requests_processing
	duration prometheus.Observer
	requests [numOutcomes]prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fakellm_requests_total", Help: "Requests answered, by endpoint and outcome (ok, fault, bad_request, client_gone, aborted)."},
			[]string{"endpoint", "outcome"}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fakellm_faults_total", Help: "Fault rules fired, by rule name and action kind."},
			[]string{"rule", "kind"}),
		inflight: prometheus.NewDesc("fakellm_inflight", "Requests in flight, by endpoint.", []string{"endpoint"}, nil),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "fakellm_request_duration_seconds", Help: "Time from request to the end of the exchange, by endpoint.",
			Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}}, []string{"endpoint"}),
		processing: prometheus.NewDesc("llamacpp:requests_processing", "Requests being answered (llama-server compatible).", nil, nil),
		deferred: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "llamacpp:requests_deferred", Help: "Requests held before their answer starts (hang, delay, loading)."}),
		decode: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "llamacpp:n_decode_total", Help: "Decode calls: one per prompt batch plus one per predicted token."}),
		promptTok: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "llamacpp:prompt_tokens_total", Help: "Prompt tokens processed."}),
		predicted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "llamacpp:tokens_predicted_total", Help: "Completion tokens generated."}),
	}
	m.byEndpoint = map[string]*endpointMetrics{}
	for ep := range endpointIndex {
		em := &endpointMetrics{name: ep, duration: m.duration.WithLabelValues(ep)}
		for o, label := range outcomes {
			em.requests[o] = m.requests.WithLabelValues(ep, label)
		}
		m.byEndpoint[ep] = em
	}
	m.reg.MustRegister(m.requests, m.faults, (*inflightCollector)(m), m.duration,
		m.deferred, m.decode, m.promptTok, m.predicted)
	return m
}

// inflightCollector exports the in-flight counts, plain atomic counters on
// the request path (a prometheus Gauge is a compare-and-swap loop on a
// float, and there were two per request), as fakellm_inflight by endpoint
// and their sum as llamacpp:requests_processing.
type inflightCollector metrics

func (c *inflightCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.inflight
	ch <- c.processing
}

func (c *inflightCollector) Collect(ch chan<- prometheus.Metric) {
	var sum int64
	for _, em := range c.byEndpoint {
		n := em.inflight.Load()
		sum += n
		ch <- prometheus.MustNewConstMetric(c.inflight, prometheus.GaugeValue, float64(n), em.name)
	}
	ch <- prometheus.MustNewConstMetric(c.processing, prometheus.GaugeValue, float64(sum))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// tokens records the usage of an answer that was generated.
func (m *metrics) tokens(prompt, completion int) {
	m.promptTok.Add(float64(prompt))
	m.predicted.Add(float64(completion))
	m.decode.Add(float64(1 + completion))
}
