package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// fakeLLM is an in-memory RoundTripper: no sockets, so it works inside a
// synctest bubble. Each request is answered by script, with n counting the
// requests to the same path from 1.
type fakeLLM struct {
	script func(n int, req *http.Request) (*http.Response, error)

	mu    sync.Mutex // guards calls, times
	calls map[string]int
	times []time.Time // when each request arrived
}

func (f *fakeLLM) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[req.URL.Path]++
	n := f.calls[req.URL.Path]
	f.times = append(f.times, time.Now())
	f.mu.Unlock()
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return f.script(n, req)
}

func (f *fakeLLM) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

func (f *fakeLLM) arrivals() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.times...)
}

const chatPath, embedPath = "/v1/chat/completions", "/v1/embeddings"

func respond(req *http.Request, status int, body string, hdr ...string) *http.Response {
	h := http.Header{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(hdr); i += 2 {
		h.Set(hdr[i], hdr[i+1])
	}
	return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: req, ProtoMajor: 1, ProtoMinor: 1}
}

func chatOK(req *http.Request, content string) *http.Response {
	b, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion", "model": "m",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": content}}}})
	return respond(req, 200, string(b))
}

func embedOK(req *http.Request, n, dim int) *http.Response {
	data := make([]any, n)
	for i := range data {
		v := make([]float32, dim)
		v[0] = float32(i + 1)
		data[n-1-i] = map[string]any{"object": "embedding", "index": i, "embedding": v} // reversed order
	}
	b, _ := json.Marshal(map[string]any{"object": "list", "model": "e", "data": data})
	return respond(req, 200, string(b))
}

func apiError(req *http.Request, status int, hdr ...string) *http.Response {
	return respond(req, status, `{"error":{"message":"injected","type":"server_error"}}`, hdr...)
}

// hang blocks until the request is cancelled, like an LLM that accepted
// the connection and never answers.
func hang(req *http.Request) (*http.Response, error) {
	<-req.Context().Done()
	return nil, req.Context().Err()
}

// testConfig is a small, fast configuration over f.
func testConfig(f *fakeLLM) Config {
	return Config{
		BaseURL:            "http://llm.test/v1",
		Transport:          f,
		AttemptTimeout:     2 * time.Second,
		CallBudget:         time.Minute,
		MaxAttempts:        3,
		BackoffBase:        100 * time.Millisecond,
		BackoffMax:         time.Second,
		RequestPoolSize:    2,
		BackgroundPoolSize: 2,
		PoolWait:           30 * time.Second,
		BreakerFailures:    100,
		BreakerDelay:       10 * time.Second,
		Registerer:         prometheus.NewRegistry(),
	}
}

func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func chat(ctx context.Context, c *Client) (string, error) {
	return c.Chat(ctx, ChatRequest{Purpose: PurposeExtraction, System: "s", User: "u", JSON: true})
}
