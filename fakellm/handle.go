package fakellm

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// request is what an endpoint's parser extracts from a request.
type request struct {
	model  string
	stream bool
	prompt string    // what match.prompt is applied to
	resp   *Response // the normal answer (or the error answer)
}

// parser turns a request body into a request; it never fails: invalid input
// yields an error Response.
type parser func(r *http.Request, body []byte) request

// endpoint wraps a parser into the shared pipeline: admit (ordinal, rule),
// journal, act, account.
func (s *Server) endpoint(name string, parse parser) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.enter() {
			writeResponse(w, apiError(http.StatusServiceUnavailable, "server is shutting down", "server_error", "", ""))
			return
		}
		defer s.handlers.Done()
		s.exchange(w, r, name, parse)
	}
}

func (s *Server) exchange(w http.ResponseWriter, r *http.Request, name string, parse parser) {
	start := time.Now()
	em := s.metrics.byEndpoint[name]
	em.inflight.Inc()
	s.metrics.processing.Inc()
	defer em.inflight.Dec()
	defer s.metrics.processing.Dec()

	req := s.parse(r, parse)
	st := s.state.Load()
	x := &Exchange{R: r, Endpoint: name, Resp: req.resp, orig: req.resp, srv: s, st: st, w: w, rc: http.NewResponseController(w)}
	q := reqInfo{endpoint: name, model: req.model, stream: req.stream, prompt: req.prompt}
	rule := s.pick(x, &q, start)
	entry := s.journal.begin(JournalEntry{Time: start, Endpoint: name, Model: req.model, Stream: req.stream,
		Ordinal: q.ordinal, Rule: x.Rule, Action: x.action, RetryCount: retryCount(r), Error: errorMessage(req.resp)})
	if rule != nil {
		s.metrics.faults.WithLabelValues(rule.Name, x.action).Inc()
		s.log.Info("fakellm fault", "rule", rule.Name, "kind", x.action, "endpoint", name, "ordinal", q.ordinal)
		rule.Action.Action.Apply(x)
	} else {
		x.Respond()
	}
	s.finish(x, entry, start)
	if (x.ending == EndAborted || x.ending == EndClientGone) && !x.hijacked {
		// Do not let net/http complete the response (an implicit 200 or
		// the end of a chunked body): drop the connection instead.
		panic(http.ErrAbortHandler)
	}
}

// pick decides what answers x: nothing special for an invalid request, the
// loading answer while a loading fault lasts (no ordinal taken), else the
// first matching rule (nil if none).
func (s *Server) pick(x *Exchange, q *reqInfo, now time.Time) *Rule {
	if x.Resp.Err {
		return nil
	}
	if rule, loading := x.st.loading(now); loading {
		x.Resp, x.Rule, x.action = loadingResponse(), rule, "loading"
		return nil
	}
	i := x.st.admit(q, now)
	if i < 0 {
		return nil
	}
	rule := &x.st.plan.Rules[i]
	x.Rule, x.action = rule.Name, rule.Action.Kind
	return rule
}

func (s *Server) parse(r *http.Request, parse parser) request {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, s.cfg.MaxBodyBytes))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return request{resp: apiError(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body exceeds %d bytes", mbe.Limit), "invalid_request_error", "", "")}
	case err != nil:
		return request{resp: apiError(http.StatusBadRequest, "could not read request body: "+err.Error(), "invalid_request_error", "", "")}
	}
	return parse(r, body)
}

// finish records how the exchange ended in metrics and the journal.
func (s *Server) finish(x *Exchange, e *JournalEntry, start time.Time) {
	faulted := x.action != ""
	if x.ending == "" {
		x.ending = EndComplete
		if x.hijacked {
			x.ending = EndClosed
		}
	}
	outcome := "ok"
	switch {
	case x.ending == EndClientGone || x.ending == EndAborted:
		outcome = x.ending
	case faulted:
		outcome = "fault"
	case x.Resp.Err:
		outcome = "bad_request"
	}
	if x.normal && x.ending == EndComplete && !x.Resp.Err {
		x.st.succeed(x.Endpoint)
		s.metrics.tokens(x.Resp.PromptTokens, x.Resp.CompletionTokens)
	}
	d := time.Since(start)
	em := s.metrics.byEndpoint[x.Endpoint]
	em.requests[outcome].Inc()
	em.duration.Observe(d.Seconds())
	s.journal.end(e, func(e *JournalEntry) {
		e.Status, e.BytesSent, e.Chunks, e.Done = x.status, x.bytes, x.chunks, x.done
		e.Ending, e.Sent = x.ending, x.describe()
		e.DurationMS = float64(d.Microseconds()) / 1000
	})
}

// describe says in words what the client received.
func (x *Exchange) describe() string {
	var s string
	switch {
	case x.status == 0 && x.ending == EndReset:
		s = "nothing: connection reset"
	case x.status == 0 && x.ending == EndClosed:
		s = "nothing: connection closed before the response"
	case x.status == 0:
		s = "nothing: " + x.ending
	default:
		s = fmt.Sprintf("status %d, %d body bytes", x.status, x.bytes)
		if x.Resp.Stream() && x.status < 300 {
			s += fmt.Sprintf(", %d chunks, ", x.chunks)
			if x.done {
				s += "[DONE]"
			} else {
				s += "no [DONE]"
			}
		}
		if x.ending != EndComplete {
			s += ", then " + x.ending
		}
	}
	if x.note != "" {
		s += " (" + x.note + ")"
	}
	return s
}

func retryCount(r *http.Request) *int {
	v := r.Header.Get("X-Stainless-Retry-Count")
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil
	}
	return &n
}
