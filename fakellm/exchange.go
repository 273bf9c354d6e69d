package fakellm

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Endings recorded in the journal: how the exchange ended for the client.
const (
	EndComplete   = "complete"    // the whole response was sent
	EndClosed     = "closed"      // the server closed the connection (FIN)
	EndReset      = "reset"       // the server reset the connection (RST)
	EndClientGone = "client_gone" // the client went away first
	EndAborted    = "aborted"     // the server was closed while waiting
	EndInFlight   = "in_flight"   // still running (journal snapshots only)
)

// Response is the normal answer to a request, built before any action runs.
type Response struct {
	Status int
	// Body is the JSON body of a non-streaming answer.
	Body []byte
	// Events are the SSE frames of a streaming answer ("data: ...\n\n"),
	// the last being "data: [DONE]\n\n". Nil for non-streaming answers.
	Events [][]byte
	// Err marks an error answer (4xx/5xx from validation), never faulted.
	Err bool
	// Tokens for usage metrics.
	PromptTokens, CompletionTokens int

	// The headers, kept as their values (Header builds the map): an
	// answer is built per request, and a map per answer is most of what
	// sending it costs besides the body.
	contentType string // "" for contentTypeJSON
	requestID   string // X-Request-Id; "" sends none
	length      string // len(Body) in decimal when built with it, else ""
	chunked     bool   // no Content-Length: net/http chunks the body
}

// Stream reports whether the answer is an SSE stream.
func (r *Response) Stream() bool { return r.Events != nil }

// Header returns the headers the answer is sent with (a new map each
// call): its Content-Type, Content-Length unless it is a stream or sent
// chunked, Cache-Control for a stream, and X-Request-Id when it has one.
// Headers an action sets through Exchange.Header win over these.
func (r *Response) Header() http.Header {
	h := make(http.Header, 3)
	r.setHeaders(h, new(headerValues))
	return h
}

// headerValues backs the one-value slices of an answer's headers.
type headerValues [3]string

// setHeaders sets r's headers in h, leaving alone any already set there
// (an action's own). Each value's slice is vals[i:i+1] at full capacity,
// so an Add copies rather than overwriting the next header's value.
func (r *Response) setHeaders(h http.Header, vals *headerValues) {
	set := func(i int, k, v string) {
		if _, ok := h[k]; !ok {
			vals[i] = v
			h[k] = vals[i : i+1 : i+1]
		}
	}
	ct := r.contentType
	if ct == "" {
		ct = contentTypeJSON
	}
	set(0, "Content-Type", ct)
	switch {
	case r.Stream():
		set(1, "Cache-Control", "no-cache")
	case !r.chunked:
		n := r.length
		if n == "" {
			n = strconv.Itoa(len(r.Body))
		}
		set(1, "Content-Length", n)
	}
	if r.requestID != "" {
		set(2, "X-Request-Id", r.requestID)
	}
}

// Exchange is one request being answered. Actions use its methods to send
// (part of) the normal answer, wait, or drop the connection.
type Exchange struct {
	R        *http.Request
	Endpoint string
	Resp     *Response
	Rule     string // name of the rule that fired
	action   string // its kind

	srv      *Server
	st       *planState
	w        http.ResponseWriter
	rc       http.ResponseController // a value: one allocation less per request
	status   int
	bytes    int64
	chunks   int
	done     bool
	hijacked bool
	ending   string
	note     string
	normal   bool // the normal answer went out whole
	orig     *Response
	hvals    headerValues // the values of the headers WriteHeader sets
}

// Context is done when the client goes away or the server closes (when
// served by Start; see Wait for a mounted Handler).
func (x *Exchange) Context() context.Context { return x.R.Context() }

// Wait blocks for d (d <= 0: until the context is done). It reports whether
// the full time passed; if not, the ending is set from the context.
func (x *Exchange) Wait(d time.Duration) bool {
	if x.status == 0 && !x.hijacked { // held before the answer starts
		x.srv.metrics.deferred.Inc()
		defer x.srv.metrics.deferred.Dec()
	}
	var timeout <-chan time.Time // nil: wait until interrupted
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	// The server's own context as well as the request's: a Handler mounted
	// on another http.Server does not derive its requests from it.
	select {
	case <-timeout:
		return true
	case <-x.Context().Done():
	case <-x.srv.ctx.Done():
	}
	x.interrupted()
	return false
}

func (x *Exchange) interrupted() {
	if x.srv.closing.Load() {
		x.setEnding(EndAborted)
	} else {
		x.setEnding(EndClientGone)
	}
}

func (x *Exchange) setEnding(e string) {
	if x.ending == "" {
		x.ending = e
	}
}

// Note adds a human-readable remark to the journal entry's sent field.
func (x *Exchange) Note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	if x.note != "" {
		n = x.note + "; " + n
	}
	x.note = n
}

// Float64 and NormFloat64 draw from the plan's seeded generator.
func (x *Exchange) Float64() float64     { return x.st.float64() }
func (x *Exchange) NormFloat64() float64 { return x.st.normFloat64() }

// Header returns the response headers to be sent.
func (x *Exchange) Header() http.Header { return x.w.Header() }

// WriteHeader sets the status line and headers, copying the normal
// answer's headers first. They go out with the first body bytes; use
// SendHeaders to put them on the wire at once.
func (x *Exchange) WriteHeader(status int) {
	if x.status != 0 || x.hijacked {
		return
	}
	x.Resp.setHeaders(x.w.Header(), &x.hvals)
	x.status = status
	x.w.WriteHeader(status)
}

// SendHeaders writes the status line and headers and flushes them.
func (x *Exchange) SendHeaders(status int) {
	x.WriteHeader(status)
	x.flush()
}

// Write sends body bytes (headers first if not yet sent) and flushes.
func (x *Exchange) Write(b []byte) error {
	if x.hijacked {
		return errors.New("connection already taken over")
	}
	if x.status == 0 {
		x.WriteHeader(x.Resp.Status)
	}
	n, err := x.w.Write(b)
	x.bytes += int64(n)
	if err != nil {
		x.interrupted()
		return err
	}
	x.flush()
	return nil
}

// WriteEvent sends stream event i of the normal answer.
func (x *Exchange) WriteEvent(ev []byte) error {
	if err := x.Write(ev); err != nil {
		return err
	}
	if isDone(ev) {
		x.done = true
	} else {
		x.chunks++
	}
	return nil
}

func (x *Exchange) flush() {
	if err := x.rc.Flush(); err != nil {
		x.interrupted()
	}
}

// Respond sends the normal answer whole.
func (x *Exchange) Respond() {
	x.WriteHeader(x.Resp.Status)
	if x.Resp.Stream() {
		for _, ev := range x.Resp.Events {
			if x.WriteEvent(ev) != nil {
				return
			}
		}
	} else if x.Write(x.Resp.Body) != nil {
		return
	}
	x.normal = x.Resp == x.orig
}

// hijack takes the connection over from net/http (flushing anything
// buffered). The server closes it on Close if the action has not.
func (x *Exchange) hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := x.rc.Hijack()
	if err != nil {
		return nil, nil, fmt.Errorf("hijack: %w", err)
	}
	x.hijacked = true
	x.srv.trackConn(c, true)
	return c, brw, nil
}

// CloseConn closes the connection without finishing the response: the
// client sees EOF (before the response) or an unexpected EOF (in the body).
func (x *Exchange) CloseConn() {
	c, brw, err := x.hijack()
	if err != nil {
		x.Note("%v", err)
		return
	}
	brw.Flush()
	c.Close()
	x.srv.trackConn(c, false)
	x.setEnding(EndClosed)
}

// ResetConn aborts the connection with a TCP RST (SO_LINGER 0).
func (x *Exchange) ResetConn() {
	c, _, err := x.hijack()
	if err != nil {
		x.Note("%v", err)
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
	x.srv.trackConn(c, false)
	x.setEnding(EndReset)
}

func isDone(ev []byte) bool { return string(ev) == doneEvent }

const doneEvent = "data: [DONE]\n\n"

// replaceBody swaps the normal JSON body for b (Content-Length follows).
func (x *Exchange) replaceBody(b []byte) {
	r := *x.Resp
	r.Body, r.length = b, ""
	x.Resp = &r
}

// dropContentLength removes Content-Length from the headers to be sent, so
// net/http uses chunked encoding.
func (x *Exchange) dropContentLength() {
	r := *x.Resp
	r.chunked = true
	x.Resp = &r
	x.Header().Del("Content-Length")
}

// streamUntil sends the first n events of a stream (fewer if the stream is
// shorter, never [DONE]); it reports whether all writes succeeded.
func (x *Exchange) streamUntil(n int) bool {
	x.WriteHeader(x.Resp.Status)
	for i, ev := range x.Resp.Events {
		if i >= n || isDone(ev) {
			break
		}
		if x.WriteEvent(ev) != nil {
			return false
		}
	}
	return true
}

// streamFrom sends events from index n to the end ([DONE] included).
func (x *Exchange) streamFrom(n int) bool {
	for i := n; i < len(x.Resp.Events); i++ {
		if x.WriteEvent(x.Resp.Events[i]) != nil {
			return false
		}
	}
	return true
}

// eventJSON returns the JSON payload of an SSE frame ("data: X\n\n").
func eventJSON(ev []byte) []byte {
	ev = bytes.TrimPrefix(ev, []byte("data: "))
	return bytes.TrimSuffix(ev, []byte("\n\n"))
}

func dataEvent(payload []byte) []byte {
	return append(append([]byte("data: "), payload...), "\n\n"...)
}
