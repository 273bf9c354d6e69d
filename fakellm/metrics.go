package fakellm

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are per server (own registry), so servers in one process do not
// share counters.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	faults     *prometheus.CounterVec
	inflight   *prometheus.GaugeVec
	duration   *prometheus.HistogramVec
	processing prometheus.Gauge
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
	inflight prometheus.Gauge
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
		inflight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "fakellm_inflight", Help: "Requests in flight, by endpoint."}, []string{"endpoint"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "fakellm_request_duration_seconds", Help: "Time from request to the end of the exchange, by endpoint.",
			Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}}, []string{"endpoint"}),
		processing: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "llamacpp:requests_processing", Help: "Requests being answered (llama-server compatible)."}),
		deferred: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "llamacpp:requests_deferred", Help: "Requests held before their answer starts (hang, delay, loading)."}),
		decode: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "llamacpp:n_decode_total", Help: "Decode calls: one per prompt batch plus one per predicted token."}),
		promptTok: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "llamacpp:prompt_tokens_total", Help: "Prompt tokens processed."}),
		predicted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "llamacpp:tokens_predicted_total", Help: "Completion tokens generated."}),
	}
	m.reg.MustRegister(m.requests, m.faults, m.inflight, m.duration,
		m.processing, m.deferred, m.decode, m.promptTok, m.predicted)
	m.byEndpoint = map[string]*endpointMetrics{}
	for ep := range endpointIndex {
		em := &endpointMetrics{inflight: m.inflight.WithLabelValues(ep), duration: m.duration.WithLabelValues(ep)}
		for o, label := range outcomes {
			em.requests[o] = m.requests.WithLabelValues(ep, label)
		}
		m.byEndpoint[ep] = em
	}
	return m
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
