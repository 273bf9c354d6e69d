package fakellm

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

func init() { RegisterAction("status", func() Action { return &Status{} }) }

// Status answers an HTTP error with an OpenAI error body. RetryAfter adds
// Retry-After (whole seconds) and retry-after-ms; RatelimitHeaders adds the
// x-ratelimit-* headers OpenAI sends on 429.
//
//	action: {kind: status, code: 429, retry_after: 1, ratelimit_headers: true}
//	action: {kind: status, code: 503}
type Status struct {
	Code             int     `yaml:"code" json:"code"`
	RetryAfter       Seconds `yaml:"retry_after" json:"retry_after,omitempty"`
	RatelimitHeaders bool    `yaml:"ratelimit_headers" json:"ratelimit_headers,omitempty"`
	Message          string  `yaml:"message" json:"message,omitempty"`
}

// Validate implements Action.
func (a *Status) Validate() error {
	if a.Code < 400 || a.Code > 599 {
		return fieldErr("code", "want an HTTP error status in [400, 599], got %d", a.Code)
	}
	return nil
}

// errorType maps a status to OpenAI's error type and code.
func errorType(code int) (typ, ecode string) {
	switch {
	case code == http.StatusTooManyRequests:
		return "requests", "rate_limit_exceeded"
	case code == http.StatusUnauthorized:
		return "invalid_request_error", "invalid_api_key"
	case code < 500:
		return "invalid_request_error", ""
	}
	return "server_error", ""
}

// Apply implements Action.
func (a *Status) Apply(x *Exchange) {
	msg := a.Message
	if msg == "" {
		msg = fmt.Sprintf("fakellm: injected %d %s", a.Code, http.StatusText(a.Code))
	}
	typ, code := errorType(a.Code)
	x.Resp = apiError(a.Code, msg, typ, "", code)
	h := x.Header()
	if a.RetryAfter > 0 {
		secs := (a.RetryAfter.D() + time.Second - 1) / time.Second
		h.Set("Retry-After", strconv.FormatInt(int64(secs), 10))
		h.Set("Retry-After-Ms", strconv.FormatInt(a.RetryAfter.D().Milliseconds(), 10))
	}
	if a.RatelimitHeaders {
		reset := a.RetryAfter.D()
		if reset == 0 {
			reset = time.Second
		}
		for _, kind := range []string{"requests", "tokens"} {
			h.Set("X-Ratelimit-Limit-"+kind, "1000")
			h.Set("X-Ratelimit-Remaining-"+kind, "0")
			h.Set("X-Ratelimit-Reset-"+kind, reset.String())
		}
	}
	x.WriteHeader(a.Code)
	x.Write(x.Resp.Body)
}
