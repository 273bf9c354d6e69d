package llm

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// headerDoer is the go-openai HTTPDoer. go-openai's errors carry the status
// but not the headers, so the doer hands each response's headers to the
// attempt that sent it, through the request context.
type headerDoer struct{ c *http.Client }

type headerSinkKey struct{}

// headerSink receives the headers of one attempt's response.
type headerSink struct {
	mu sync.Mutex // guards h
	h  http.Header
}

func withHeaderSink(ctx context.Context) (context.Context, *headerSink) {
	s := &headerSink{}
	return context.WithValue(ctx, headerSinkKey{}, s), s
}

func (d headerDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req)
	if s, ok := req.Context().Value(headerSinkKey{}).(*headerSink); ok && resp != nil {
		s.mu.Lock()
		s.h = resp.Header.Clone()
		s.mu.Unlock()
	}
	return resp, err
}

func (s *headerSink) retryAfter(now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return parseRetryAfter(s.h, now)
}

// parseRetryAfter reads retry-after-ms (OpenAI) or Retry-After (seconds or
// an HTTP date). It returns 0 when neither is present or valid.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 && ms < 1e9 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if !(secs > 0 && secs <= 1e6) { // also rejects NaN
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
