package fakellm_test

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape returns /metrics parsed into families.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	_, body, err := get(t, nil, url)
	if err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("parse metrics: %v", err)
	}
	out := map[string]float64{}
	for name, f := range fams {
		for _, m := range f.Metric {
			key := name
			for _, l := range m.Label {
				key += "|" + l.GetName() + "=" + l.GetValue()
			}
			switch {
			case m.Counter != nil:
				out[key] = m.Counter.GetValue()
			case m.Gauge != nil:
				out[key] = m.Gauge.GetValue()
			case m.Histogram != nil:
				out[key+"|count"] = float64(m.Histogram.GetSampleCount())
			}
		}
	}
	return out
}

func TestMetrics(t *testing.T) {
	srv := newServer(t, "rules: [{name: boom, match: {endpoint: chat, nth: 2}, action: {kind: status, code: 500}}]")
	for i := 0; i < 3; i++ {
		post(t, srv, "/v1/chat/completions", chatBody)
	}
	post(t, srv, "/v1/embeddings", `{"model":"e","input":["a b c","d"]}`)
	post(t, srv, "/v1/chat/completions", `{"model":"m"`)
	settledJournal(t, srv)
	m := scrape(t, srv.URL()+"/metrics")
	want := map[string]float64{
		"fakellm_requests_total|endpoint=chat|outcome=ok":          2,
		"fakellm_requests_total|endpoint=chat|outcome=fault":       1,
		"fakellm_requests_total|endpoint=chat|outcome=bad_request": 1,
		"fakellm_requests_total|endpoint=embeddings|outcome=ok":    1,
		"fakellm_faults_total|kind=status|rule=boom":               1,
		"fakellm_inflight|endpoint=chat":                           0,
		"fakellm_request_duration_seconds|endpoint=chat|count":     4,
		"llamacpp:requests_processing":                             0,
		"llamacpp:requests_deferred":                               0,
	}
	for k, v := range want {
		if got, ok := m[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if m["llamacpp:prompt_tokens_total"] <= 0 || m["llamacpp:tokens_predicted_total"] <= 0 ||
		m["llamacpp:n_decode_total"] != m["llamacpp:tokens_predicted_total"]+3 {
		t.Errorf("llamacpp token counters: prompt %v predicted %v decode %v",
			m["llamacpp:prompt_tokens_total"], m["llamacpp:tokens_predicted_total"], m["llamacpp:n_decode_total"])
	}
}

// TestDeferredGauge: a request held before its answer counts as deferred.
func TestDeferredGauge(t *testing.T) {
	srv := newServer(t, "rules: [{match: {endpoint: chat}, action: {kind: hang}}]")
	done := make(chan struct{})
	go func() {
		defer close(done)
		post(t, srv, "/v1/chat/completions", chatBody) // ends when srv closes
	}()
	waitInFlight(t, srv, 1)
	deadline := time.Now().Add(5 * time.Second)
	for scrape(t, srv.URL()+"/metrics")["llamacpp:requests_deferred"] != 1 {
		if time.Now().After(deadline) {
			t.Fatal("hung request never counted as deferred")
		}
		time.Sleep(5 * time.Millisecond)
	}
	srv.Close()
	<-done
}
