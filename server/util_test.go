package server

import (
	"encoding/json"
	"io"
	"net/http"
	rpprof "runtime/pprof"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// readBody reads and closes a response body.
func readBody(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func leakProfileBuilt() bool { return rpprof.Lookup(leakProfile) != nil }

// decodeEnvelope reads {"data": v} from resp.
func decodeEnvelope(resp *http.Response, v any) error {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return err
	}
	return json.Unmarshal(env.Data, v)
}

func fetchList(client *http.Client, url string) (listJSON, error) {
	resp, err := client.Get(url + "/api/v1/knowledge/documents?page_size=100")
	if err != nil {
		return listJSON{}, err
	}
	defer resp.Body.Close()
	var l listJSON
	return l, decodeEnvelope(resp, &l)
}

// metricValue is the value of the series name{label=value} in g.
func metricValue(t testing.TB, g prometheus.Gatherer, name, label, value string) float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == label && lp.GetValue() == value {
					switch {
					case m.Gauge != nil:
						return m.GetGauge().GetValue()
					case m.Counter != nil:
						return m.GetCounter().GetValue()
					}
				}
			}
		}
	}
	t.Fatalf("no series %s{%s=%q}", name, label, value)
	return 0
}
