package fakellm_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
)

// tenRulePlan has ten rules none of which matches the benchmark requests,
// so every request is checked against all of them.
const tenRulePlan = `
seed: 1
rules:
  - {match: {endpoint: models}, action: {kind: status, code: 500}}
  - {match: {endpoint: chat, nth: 1000000000}, action: {kind: hang}}
  - {match: {endpoint: chat, model: other}, action: {kind: reset}}
  - {match: {endpoint: chat, prompt: "never-in-the-prompt"}, action: {kind: close_mid_body}}
  - {match: {endpoint: chat, probability: 0}, action: {kind: status, code: 503}}
  - {match: {endpoint: chat, stream: false, from: 1000000000}, action: {kind: trickle, bytes_per_second: 10}}
  - {match: {endpoint: health}, action: {kind: loading, duration: 1s}}
  - {match: {endpoint: chat, window: {start: 24h}}, action: {kind: hang_after_headers}}
  - {match: {endpoint: embeddings, model: other}, action: {kind: empty_choices}}
  - {match: {endpoint: chat, every: 1000000000}, action: {kind: malformed_json}}
`

// benchPair interleaves requests to a bare net/http handler that writes
// the same bytes fakellm answers with and to fakellm itself, and reports
// both latencies and fakellm's requests-per-second ratio to the baseline.
func benchPair(b *testing.B, path, body string) {
	srv := fakellmtest.NewServer(b, fakellm.Config{Plan: fakellm.MustParsePlan(tenRulePlan)})
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	b.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr}
	fixed, header := fetch(b, c, srv.URL()+path, body)
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", header)
		w.Write(fixed)
	}))
	b.Cleanup(bare.Close)
	tBare, tFake := make([]time.Duration, b.N), make([]time.Duration, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		fetch(b, c, bare.URL+path, body)
		mid := time.Now()
		got, _ := fetch(b, c, srv.URL()+path, body)
		tBare[i], tFake[i] = mid.Sub(start), time.Since(mid)
		if len(got) != len(fixed) {
			b.Fatalf("fakellm answered %d bytes, first time %d", len(got), len(fixed))
		}
	}
	// Medians: the machine is shared, and a scheduling stall in one half of
	// a pair would otherwise dominate a ratio of sums.
	mb, mf := median(tBare), median(tFake)
	b.ReportMetric(float64(mb.Nanoseconds()), "bare-ns/req")
	b.ReportMetric(float64(mf.Nanoseconds()), "fakellm-ns/req")
	b.ReportMetric(float64(mb)/float64(mf), "rps-ratio")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func fetch(b *testing.B, c *http.Client, url, body string) ([]byte, string) {
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil || resp.StatusCode != 200 {
		b.Fatalf("%s: %d %v", url, resp.StatusCode, err)
	}
	return buf.Bytes(), resp.Header.Get("Content-Type")
}

func BenchmarkChatJSON(b *testing.B) {
	benchPair(b, "/v1/chat/completions", `{"model":"m","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Summarise the plot of a short story about a lighthouse keeper in two sentences."}]}`)
}

func BenchmarkChatStream(b *testing.B) {
	benchPair(b, "/v1/chat/completions", `{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Summarise the plot of a short story about a lighthouse keeper in two sentences."}]}`)
}

func BenchmarkEmbeddings16x1024(b *testing.B) {
	inputs := make([]string, 16)
	for i := range inputs {
		inputs[i] = fmt.Sprintf("%q", fmt.Sprintf("chunk %d of a document about lighthouses, tides and the keepers who watched them", i))
	}
	benchPair(b, "/v1/embeddings", `{"model":"e","input":[`+strings.Join(inputs, ",")+`],"dimensions":1024}`)
}
