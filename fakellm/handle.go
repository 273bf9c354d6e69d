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
	em.inflight.Add(1)
	defer em.inflight.Add(-1)

	req := s.parse(r, parse)
	st := s.state.Load()
	x := &Exchange{R: r, Endpoint: name, Resp: req.resp, orig: req.resp, srv: s, st: st, w: w, rc: *http.NewResponseController(w)}
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
	body, err := readBody(r.Body, r.ContentLength, s.cfg.MaxBodyBytes)
	if err != nil {
		return bodyError(err)
	}
	req := parse(r, body)
	req.sum = crc32.ChecksumIEEE(body)
	return req
}

// bodyError answers a request whose body could not be read.
func bodyError(err error) request {
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return request{resp: apiError(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body exceeds %d bytes", mbe.Limit), "invalid_request_error", "", "")}
	}
	return request{resp: apiError(http.StatusBadRequest, "could not read request body: "+err.Error(), "invalid_request_error", "", "")}
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
	stream, note := x.Resp.Stream(), x.note
	s.journal.end(ref, func(sl *journalSlot) {
		e := &sl.e
		e.Status, e.BytesSent, e.Chunks, e.Done = x.status, x.bytes, x.chunks, x.done
		e.Ending = x.ending
		e.DurationMS = float64(d.Microseconds()) / 1000
		sl.described, sl.stream, sl.note = true, stream, note
	})
}

// describe says in words what the client received, from the entry of an
// exchange that ended, whether its answer was a stream and its note. The
// journal calls it when read, so that a request costs no string for it.
func (e *JournalEntry) describe(stream bool, note string) string {
	var b []byte
	switch {
	case e.Status == 0 && e.Ending == EndReset:
		b = append(b, "nothing: connection reset"...)
	case e.Status == 0 && e.Ending == EndClosed:
		b = append(b, "nothing: connection closed before the response"...)
	case e.Status == 0:
		b = append(b, "nothing: "+e.Ending...)
	default:
		b = make([]byte, 0, 64)
		b = append(b, "status "...)
		b = strconv.AppendInt(b, int64(e.Status), 10)
		b = append(b, ", "...)
		b = strconv.AppendInt(b, e.BytesSent, 10)
		b = append(b, " body bytes"...)
		if stream && e.Status < 300 {
			b = append(b, ", "...)
			b = strconv.AppendInt(b, int64(e.Chunks), 10)
			b = append(b, " chunks, "...)
			if e.Done {
				b = append(b, "[DONE]"...)
			} else {
				b = append(b, "no [DONE]"...)
			}
		}
		if e.Ending != EndComplete {
			b = append(b, ", then "+e.Ending...)
		}
	}
	if note != "" {
		b = append(b, " ("+note+")"...)
	}
	return string(b)
}

// readBody is io.ReadAll with the buffer sized from the Content-Length
// (when it is within limit), so a request body is read without regrowing,
// and with http.MaxBytesReader's limit: a body of more than limit bytes is
// a *http.MaxBytesError, found reading no more than limit+1 bytes.
func readBody(r io.Reader, contentLength, limit int64) ([]byte, error) {
	size := int64(512)
	if contentLength > 0 && contentLength < limit {
		size = contentLength + 1 // room to see EOF without growing
	}
	b := make([]byte, 0, min(size, limit+1))
	for {
		room := b[len(b):cap(b)]
		if left := limit + 1 - int64(len(b)); int64(len(room)) > left {
			room = room[:left]
		}
		n, err := r.Read(room)
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, &http.MaxBytesError{Limit: limit}
		}
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

// retryCount is the X-Stainless-Retry-Count header's number, nil when it
// is absent or not a number. The key is looked up as net/http stores it
// (canonical): Header.Get would canonicalise it again on every request.
func retryCount(r *http.Request) *int {
	vs := r.Header["X-Stainless-Retry-Count"]
	if len(vs) == 0 || vs[0] == "" {
		return nil
	}
	n, err := strconv.Atoi(vs[0])
	if err != nil {
		return nil
	}
	return &n
}
