package server

import (
	"context"
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/hangarhq/hangar/server/ingest"
	"github.com/hangarhq/hangar/server/llm"
	"github.com/hangarhq/hangar/server/store"
)

// API error codes beyond the ingest ones (ingest.Code*).
const (
	CodeNotFound         ingest.Code = "NOT_FOUND"
	CodeMethodNotAllowed ingest.Code = "METHOD_NOT_ALLOWED"
	CodeBusy             ingest.Code = "SERVICE_BUSY"    // limiter, LLM pool or store queue full
	CodeLLMUnavailable   ingest.Code = "LLM_UNAVAILABLE" // breaker open, LLM failing
	CodeLLMError         ingest.Code = "LLM_ERROR"       // LLM refused or answered unusably
	CodeTimeout          ingest.Code = "REQUEST_TIMEOUT" // the request budget ran out
	CodeShuttingDown     ingest.Code = "SHUTTING_DOWN"   // draining
	CodeClientClosed     ingest.Code = "CLIENT_CLOSED"   // the client went away
	CodeInternal         ingest.Code = "INTERNAL_ERROR"  // a bug or an environment failure
	CodeUnsupportedMedia ingest.Code = "UNSUPPORTED_MEDIA_TYPE"
)

// statusFor is THE table from error code to HTTP status.
var statusFor = map[ingest.Code]int{
	ingest.CodeValidation:      http.StatusUnprocessableEntity,
	ingest.CodeExtractionEmpty: http.StatusUnprocessableEntity,
	ingest.CodePathTraversal:   http.StatusBadRequest,
	ingest.CodeMalformed:       http.StatusBadRequest,
	ingest.CodeTooLarge:        http.StatusRequestEntityTooLarge,
	CodeUnsupportedMedia:       http.StatusUnsupportedMediaType,
	CodeNotFound:               http.StatusNotFound,
	CodeMethodNotAllowed:       http.StatusMethodNotAllowed,
	CodeBusy:                   http.StatusServiceUnavailable,
	CodeLLMUnavailable:         http.StatusServiceUnavailable,
	CodeShuttingDown:           http.StatusServiceUnavailable,
	CodeLLMError:               http.StatusBadGateway,
	CodeTimeout:                http.StatusGatewayTimeout,
	CodeClientClosed:           499, // nginx's "client closed request"; the client never reads it
	CodeInternal:               http.StatusInternalServerError,
}

// defaultRetryAfter is the hint sent with a 503 that has no better one.
const defaultRetryAfter = time.Second

// problem is an error as the API reports it.
type problem struct {
	Code       ingest.Code
	Message    string
	RetryAfter time.Duration // > 0 only on 503
}

func (p problem) status() int {
	if s, ok := statusFor[p.Code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

var (
	errLimiterFull  = errors.New("too many uploads in flight")
	errShuttingDown = errors.New("server is shutting down")
)

// classify maps any error the handlers see to its API problem.
func classify(err error) problem {
	var ie *ingest.Error
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &ie):
		return problem{Code: ie.Code, Message: ie.Error()}
	case errors.As(err, &tooLarge):
		return problem{Code: ingest.CodeTooLarge, Message: "request body is larger than the limit of " + bytesString(tooLarge.Limit)}
	case errors.Is(err, errShuttingDown), errors.Is(err, store.ErrClosed):
		return problem{Code: CodeShuttingDown, Message: "server is shutting down", RetryAfter: defaultRetryAfter}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, llm.ErrBudget):
		return problem{Code: CodeTimeout, Message: "request budget exhausted: " + err.Error()}
	case errors.Is(err, context.Canceled):
		return problem{Code: CodeClientClosed, Message: "request cancelled"}
	case errors.Is(err, errNoRoute):
		return problem{Code: CodeNotFound, Message: err.Error()}
	case errors.Is(err, errMethod):
		return problem{Code: CodeMethodNotAllowed, Message: err.Error()}
	}
	return classifyBackend(err)
}

// classifyBackend covers LLM and store failures.
func classifyBackend(err error) problem {
	ra := llm.RetryAfter(err)
	switch {
	case errors.Is(err, llm.ErrBreakerOpen), errors.Is(err, llm.ErrUnavailable):
		return problem{Code: CodeLLMUnavailable, Message: err.Error(), RetryAfter: orDefault(ra)}
	case errors.Is(err, llm.ErrPoolFull), errors.Is(err, store.ErrBusy), errors.Is(err, errLimiterFull):
		return problem{Code: CodeBusy, Message: err.Error(), RetryAfter: orDefault(ra)}
	case errors.Is(err, llm.ErrRejected), errors.Is(err, llm.ErrBadResponse):
		return problem{Code: CodeLLMError, Message: err.Error()}
	case errors.Is(err, store.ErrNotFound):
		return problem{Code: CodeNotFound, Message: err.Error()}
	case errors.Is(err, store.ErrInvalid):
		return problem{Code: ingest.CodeValidation, Message: err.Error()}
	}
	return problem{Code: CodeInternal, Message: "internal error"}
}

func orDefault(d time.Duration) time.Duration {
	if d <= 0 {
		return defaultRetryAfter
	}
	return d
}

// retryAfterSeconds is the Retry-After header value: whole seconds, rounded up.
func retryAfterSeconds(d time.Duration) int {
	return int(math.Ceil(d.Seconds()))
}

func bytesString(n int64) string {
	const mib = 1 << 20
	if n%mib == 0 {
		return itoa(n/mib) + " MiB"
	}
	return itoa(n) + " bytes"
}
