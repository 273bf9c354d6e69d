package fakellm_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// Load shape, as in scripts/fakellm-throughput.sh (wrk -c32): concurrent
// clients per server, and rounds alternating bare and fakellm so that a
// busy spell on a shared machine does not land on one side only.
const (
	benchConcurrency = 32
	benchRounds      = 16
)

// benchPair loads a bare net/http handler replaying fakellm's answer to
// body and fakellm itself (journal and metrics on, ten-rule plan), both
// real servers on 127.0.0.1 driven by the same client at the same
// concurrency, and reports fakellm's requests per second as a fraction of
// the bare handler's (x-of-bare, the median of the rounds' ratios).
func benchPair(b *testing.B, path, body string) {
	srv := fakellmtest.NewServer(b, fakellm.Config{Plan: fakellm.MustParsePlan(tenRulePlan)})
	tr := &http.Transport{MaxIdleConnsPerHost: benchConcurrency, MaxConnsPerHost: benchConcurrency}
	b.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr}
	fakeURL := srv.URL() + path
	fixed, header, err := fetch(c, fakeURL, body)
	if err != nil {
		b.Fatal(err)
	}
	bare := httptest.NewServer(replay(fixed, header))
	b.Cleanup(bare.Close)
	bareURL := bare.URL + path
	if got, _, err := fetch(c, bareURL, body); err != nil || !bytes.Equal(got, fixed) {
		b.Fatalf("bare handler does not replay fakellm's answer (%v)", err)
	}
	var tBare, tFake time.Duration
	ratios := make([]float64, 0, benchRounds)
	b.ResetTimer()
	for r := range benchRounds {
		n := b.N / benchRounds
		if r == benchRounds-1 {
			n = b.N - n*(benchRounds-1)
		}
		if n == 0 {
			continue
		}
		db := load(b, c, bareURL, body, fixed, n)
		df := load(b, c, fakeURL, body, fixed, n)
		tBare, tFake = tBare+db, tFake+df
		ratios = append(ratios, float64(db)/float64(df))
	}
	b.StopTimer()
	slices.Sort(ratios)
	b.ReportMetric(float64(b.N)/tBare.Seconds(), "bare-rps")
	b.ReportMetric(float64(b.N)/tFake.Seconds(), "fakellm-rps")
	b.ReportMetric(ratios[len(ratios)/2], "x-of-bare")
}

// replay answers every request with fixed: whole with a Content-Length
// for JSON, as a plain handler does, or for an SSE body event by event,
// one write and flush each, as fakellm sends a stream.
func replay(fixed []byte, contentType string) http.HandlerFunc {
	events := [][]byte{fixed}
	if strings.HasPrefix(contentType, "text/event-stream") {
		events = splitEvents(fixed)
	}
	length := strconv.Itoa(len(fixed))
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{contentType}
		if len(events) == 1 {
			h["Content-Length"] = []string{length}
		}
		if len(events) == 1 { // JSON: written whole when the handler returns
			w.Write(fixed)
			return
		}
		for _, ev := range events {
			w.Write(ev)
			w.(http.Flusher).Flush()
		}
	}
}

func splitEvents(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.Index(b, []byte("\n\n"))
		if i < 0 {
			return append(out, b)
		}
		out, b = append(out, b[:i+2]), b[i+2:]
	}
	return out
}

// load sends n requests from benchConcurrency goroutines and returns how
// long they took; every answer must equal want.
func load(b *testing.B, c *http.Client, url, body string, want []byte, n int) time.Duration {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, benchConcurrency)
	start := time.Now()
	for range benchConcurrency {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				got, _, err := fetch(c, url, body)
				if err == nil && !bytes.Equal(got, want) {
					err = fmt.Errorf("%s answered %d bytes unlike the first %d", url, len(got), len(want))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	d := time.Since(start)
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	if err := errors.Join(all...); err != nil {
		b.Fatal(err)
	}
	return d
}

func fetch(c *http.Client, url, body string) ([]byte, string, error) {
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, "", fmt.Errorf("%s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	return buf.Bytes(), resp.Header.Get("Content-Type"), nil
}

const benchPrompt = "Summarise the plot of a short story about a lighthouse keeper in two sentences."

func BenchmarkChatJSON(b *testing.B) {
	benchPair(b, "/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":"`+benchPrompt+`"}]}`)
}

func BenchmarkChatStream(b *testing.B) {
	benchPair(b, "/v1/chat/completions", `{"model":"m","stream":true,"messages":[{"role":"user","content":"`+benchPrompt+`"}]}`)
}

func BenchmarkEmbeddings16x1024(b *testing.B) {
	inputs := make([]string, 16)
	for i := range inputs {
		inputs[i] = fmt.Sprintf("%q", fmt.Sprintf("chunk %d of a document about lighthouses, tides and the keepers who watched them", i))
	}
	benchPair(b, "/v1/embeddings", `{"model":"e","input":[`+strings.Join(inputs, ",")+`],"dimensions":1024}`)
}
