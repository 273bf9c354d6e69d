package fakellm

import (
	"errors"
	"fmt"
	"hash/crc32"
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
	sum    uint32    // CRC-32 of the body: a retry re-sends the same bytes
}

// parser turns a request body into a request; it never fails: invalid input
// yields an error Response.
type parser func(r *http.Request, body []byte) request

// endpoint wraps a parser into the shared pipeline: admit (ordinal, rule),
// journal, act, account.
// The endpoint's metric children are resolved here, once.
func (s *Server) endpoint(name string, parse parser) http.HandlerFunc {
	em := s.metrics.byEndpoint[name]
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.enter() {
			writeResponse(w, apiError(http.StatusServiceUnavailable, "server is shutting down", "server_error", "", ""))
			return
		}
		defer s.handlers.Done()
		s.exchange(w, r, name, em, parse)
	}
}

func (s *Server) exchange(w http.ResponseWriter, r *http.Request, name string, em *endpointMetrics, parse parser) {
	start := time.Now()
	em.inflight.Inc()
	s.metrics.processing.Inc()
	defer em.inflight.Dec()
	defer s.metrics.processing.Dec()

	req := s.parse(r, parse)
	st := s.state.Load()
	x := &Exchange{R: r, Endpoint: name, Resp: req.resp, orig: req.resp, srv: s, st: st, w: w, rc: http.NewResponseController(w)}
	q := reqInfo{endpoint: name, model: req.model, stream: req.stream, prompt: req.prompt}
	rule := s.pick(x, &q, start)
	ref := s.journal.begin(JournalEntry{Time: start, Endpoint: name, Model: req.model, Stream: req.stream,
		Ordinal: q.ordinal, Rule: x.Rule, Action: x.action, RetryCount: retryCount(r), BodyCRC: req.sum, Error: errorMessage(req.resp)})
	if rule != nil {
		s.metrics.faults.WithLabelValues(rule.Name, x.action).Inc()
		s.log.Info("fakellm fault", "rule", rule.Name, "kind", x.action, "endpoint", name, "ordinal", q.ordinal)
		rule.Action.Action.Apply(x)
	} else {
		x.Respond()
	}
	s.finish(x, em, ref, start)
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
	i, loadingRule := x.st.admit(q, now)
	if i == admitLoading {
		x.Resp, x.Rule, x.action = loadingResponse(), loadingRule, "loading"
		return nil
	}
	if i < 0 {
		return nil
	}
	rule := &x.st.plan.Rules[i]
	x.Rule, x.action = rule.Name, rule.Action.Kind
	return rule
}

func (s *Server) parse(r *http.Request, parse parser) request {
	body, err := readBody(http.MaxBytesReader(nil, r.Body, s.cfg.MaxBodyBytes), r.ContentLength, s.cfg.MaxBodyBytes)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return request{resp: apiError(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body exceeds %d bytes", mbe.Limit), "invalid_request_error", "", "")}
	case err != nil:
		return request{resp: apiError(http.StatusBadRequest, "could not read request body: "+err.Error(), "invalid_request_error", "", "")}
	}
	req := parse(r, body)
	req.sum = crc32.ChecksumIEEE(body)
	return req
}

// finish records how the exchange ended in metrics and the journal.
func (s *Server) finish(x *Exchange, em *endpointMetrics, ref journalRef, start time.Time) {
	faulted := x.action != ""
	if x.ending == "" {
		x.ending = EndComplete
		if x.hijacked {
			x.ending = EndClosed
		}
	}
	outcome := outcomeOK
	switch {
	case x.ending == EndClientGone:
		outcome = outcomeClientGone
	case x.ending == EndAborted:
		outcome = outcomeAborted
	case faulted:
		outcome = outcomeFault
	case x.Resp.Err:
		outcome = outcomeBadRequest
	}
	if x.normal && x.ending == EndComplete && !x.Resp.Err {
		x.st.succeed(x.Endpoint)
		s.metrics.tokens(x.Resp.PromptTokens, x.Resp.CompletionTokens)
	}
	d := time.Since(start)
	em.requests[outcome].Inc()
	em.duration.Observe(d.Seconds())
	sent := x.describe()
	s.journal.end(ref, func(e *JournalEntry) {
		e.Status, e.BytesSent, e.Chunks, e.Done = x.status, x.bytes, x.chunks, x.done
		e.Ending, e.Sent = x.ending, sent
		e.DurationMS = float64(d.Microseconds()) / 1000
	})
}

// describe says in words what the client received.
func (x *Exchange) describe() string {
	var b []byte
	switch {
	case x.status == 0 && x.ending == EndReset:
		b = append(b, "nothing: connection reset"...)
	case x.status == 0 && x.ending == EndClosed:
		b = append(b, "nothing: connection closed before the response"...)
	case x.status == 0:
		b = append(b, "nothing: "+x.ending...)
	default:
		b = make([]byte, 0, 64)
		b = append(b, "status "...)
		b = strconv.AppendInt(b, int64(x.status), 10)
		b = append(b, ", "...)
		b = strconv.AppendInt(b, x.bytes, 10)
		b = append(b, " body bytes"...)
		if x.Resp.Stream() && x.status < 300 {
			b = append(b, ", "...)
			b = strconv.AppendInt(b, int64(x.chunks), 10)
			b = append(b, " chunks, "...)
			if x.done {
				b = append(b, "[DONE]"...)
			} else {
				b = append(b, "no [DONE]"...)
			}
		}
		if x.ending != EndComplete {
			b = append(b, ", then "+x.ending...)
		}
	}
	if x.note != "" {
		b = append(b, " ("+x.note+")"...)
	}
	return string(b)
}

// readBody is io.ReadAll with the buffer sized from the Content-Length
// (when it is within limit), so a request body is read without regrowing.
func readBody(r io.Reader, contentLength, limit int64) ([]byte, error) {
	size := int64(512)
	if contentLength > 0 && contentLength < limit {
		size = contentLength + 1 // room to see EOF without growing
	}
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
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
