package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

type requestIDKey struct{}

var clientRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// withRequestID takes a well-formed X-Request-ID from the client or makes
// one, stores it in the context and echoes it in the response.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !clientRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "req_" + hex.EncodeToString(b[:])
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

// envelope is the success body: {"request_id", "data"}.
type envelope struct {
	RequestID string `json:"request_id"`
	Data      any    `json:"data"`
}

// errorEnvelope is the error body: {"request_id", "error": {...}}.
type errorEnvelope struct {
	RequestID string    `json:"request_id"`
	Error     errorBody `json:"error"`
}

type errorBody struct {
	Code         string `json:"code"`
	Message      string `json:"message"`
	Timestamp    string `json:"timestamp"`
	Path         string `json:"path"`
	RetryAfterMS int64  `json:"retry_after_ms,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeData(w http.ResponseWriter, r *http.Request, status int, data any) {
	writeJSON(w, status, envelope{RequestID: requestID(r), Data: data})
}

// writeError answers with the error envelope; the status comes from the
// code table. 503s carry Retry-After (seconds, rounded up) and
// retry_after_ms in the body.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && errors.Is(context.Cause(r.Context()), errShuttingDown) {
		err = fmt.Errorf("%w: %w", errShuttingDown, err)
	}
	p := classify(err)
	status := p.status()
	if status >= 500 && p.Code != CodeTimeout {
		s.log.Warn("request failed", "request_id", requestID(r), "path", r.URL.Path, "code", p.Code, "err", err)
	}
	body := errorBody{Code: string(p.Code), Message: p.Message, Path: r.URL.Path,
		Timestamp: time.Now().UTC().Format(time.RFC3339Nano)}
	if status == http.StatusServiceUnavailable && p.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(p.RetryAfter)))
		body.RetryAfterMS = p.RetryAfter.Milliseconds()
	}
	writeJSON(w, status, errorEnvelope{RequestID: requestID(r), Error: body})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
