package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/failsafe-go/failsafe-go/bulkhead"
	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"github.com/failsafe-go/failsafe-go/timeout"
	openai "github.com/sashabaranov/go-openai"
)

// Kinds of failure a call ends with. Test with errors.Is; the server maps
// each to a status code in one place.
var (
	// ErrBreakerOpen: the purpose's circuit breaker is open; nothing was sent.
	ErrBreakerOpen = errors.New("llm circuit breaker open")
	// ErrPoolFull: no concurrency slot became free within the pool wait.
	ErrPoolFull = errors.New("llm concurrency pool full")
	// ErrBudget: the call's deadline (the caller's or the call budget) ran out.
	ErrBudget = errors.New("llm call budget exhausted")
	// ErrUnavailable: every attempt failed with a transient error.
	ErrUnavailable = errors.New("llm unavailable")
	// ErrRejected: the LLM refused the request (a non-retryable 4xx).
	ErrRejected = errors.New("llm rejected the request")
	// ErrBadResponse: the LLM answered with something unusable.
	ErrBadResponse = errors.New("llm bad response")
)

// Error is what every failed call returns.
type Error struct {
	Purpose    Purpose
	Kind       error         // one of the Err* kinds above, or context.Canceled
	Attempts   int           // attempts made (0 when rejected before sending)
	RetryAfter time.Duration // a hint for the caller's client; 0 when none
	Err        error         // the last underlying error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %v after %d attempt(s)", e.Purpose, e.Kind, e.Attempts)
	if e.Err != nil && !errors.Is(e.Err, e.Kind) {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() []error { return []error{e.Kind, e.Err} }

// RetryAfter returns the retry hint carried by err, or 0.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// attemptError is one failed attempt with what the response said about
// retrying. It lets the retry delay function read Retry-After.
type attemptError struct {
	err        error
	status     int
	retryAfter time.Duration
}

func (e *attemptError) Error() string { return e.err.Error() }
func (e *attemptError) Unwrap() error { return e.err }

// statusOf returns the HTTP status of a go-openai error, or 0.
func statusOf(err error) int {
	var api *openai.APIError
	if errors.As(err, &api) {
		return api.HTTPStatusCode
	}
	var req *openai.RequestError
	if errors.As(err, &req) {
		return req.HTTPStatusCode
	}
	return 0
}

// retryable reports whether an attempt error is worth another attempt.
func retryable(err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, circuitbreaker.ErrOpen), errors.Is(err, bulkhead.ErrFull):
		return false
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// the caller's ctx; an attempt timeout is timeout.ErrExceeded
		return false
	}
	switch s := statusOf(err); {
	case s == 0:
		return true // transport error, attempt timeout, bad body
	case s == http.StatusRequestTimeout, s == http.StatusConflict, s == http.StatusTooManyRequests:
		return true
	default:
		return s >= 500
	}
}

// breakerFailure reports whether an attempt error says the LLM is unhealthy.
// Rate limiting, refusals and the caller's own cancellation are not.
func breakerFailure(err error) bool {
	if !retryable(err) {
		return false
	}
	return statusOf(err) != http.StatusTooManyRequests
}

// outcome is the hangar_llm_attempts_total outcome label for one attempt.
func outcome(err error) string {
	switch s := statusOf(err); {
	case err == nil:
		return "ok"
	case errors.Is(err, timeout.ErrExceeded):
		return "timeout"
	case errors.Is(err, ErrBadResponse):
		return "bad_response"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	case s == http.StatusTooManyRequests:
		return "rate_limited"
	case s >= 500:
		return "server_error"
	case s >= 400:
		return "client_error"
	default:
		return "transport_error"
	}
}

// classify turns the final error of a call into an *Error.
func classify(p Purpose, attempts int, ctx context.Context, err error) *Error {
	e := &Error{Purpose: p, Attempts: attempts, Err: err}
	var ae *attemptError
	if errors.As(err, &ae) {
		e.RetryAfter = ae.retryAfter
	}
	switch {
	case errors.Is(err, circuitbreaker.ErrOpen):
		e.Kind = ErrBreakerOpen
	case errors.Is(err, bulkhead.ErrFull):
		e.Kind = ErrPoolFull
	case errors.Is(ctx.Err(), context.Canceled):
		e.Kind = context.Canceled
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		e.Kind = ErrBudget
	case errors.Is(err, ErrBadResponse):
		e.Kind = ErrBadResponse
	case retryable(err):
		e.Kind = ErrUnavailable
	default:
		e.Kind = ErrRejected
	}
	return e
}
