package fakellm_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/fakellm"
)

// pipeListener serves in-memory net.Pipe connections: unlike sockets they
// block durably, so synctest's fake clock advances while requests hang.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error   { l.once.Do(func() { close(l.done) }); return nil }
func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }

func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// inBubble serves a fakellm with plan over pipes inside a synctest bubble
// and hands fn a client; everything is closed before the bubble ends.
func inBubble(t *testing.T, plan string, fn func(t *testing.T, c *http.Client)) {
	synctest.Test(t, func(t *testing.T) {
		srv, err := fakellm.New(fakellm.Config{Plan: fakellm.MustParsePlan(plan)})
		if err != nil {
			t.Fatal(err)
		}
		ln := newPipeListener()
		hs := &http.Server{Handler: srv.Handler()}
		go hs.Serve(ln)
		tr := &http.Transport{DialContext: ln.dial}
		fn(t, &http.Client{Transport: tr})
		tr.CloseIdleConnections()
		srv.Close()
		hs.Close()
		ln.Close()
		synctest.Wait()
	})
}

const bubbleURL = "http://fakellm.test/v1/chat/completions"

// TestHangsInVirtualTime proves the timing of hangs and delays exactly,
// in synctest's fake clock, with no real waiting.
func TestHangsInVirtualTime(t *testing.T) {
	t.Run("hang 30s then close", func(t *testing.T) {
		inBubble(t, "rules: [{action: {kind: hang, duration: 30s}}]", func(t *testing.T, c *http.Client) {
			start := time.Now()
			_, err := c.Post(bubbleURL, "application/json", strings.NewReader(chatBody))
			if err == nil {
				t.Fatal("hang answered")
			}
			if d := time.Since(start); d != 30*time.Second {
				t.Fatalf("connection closed after %s, want exactly 30s", d)
			}
		})
	})
	t.Run("delay 2s then answer", func(t *testing.T) {
		inBubble(t, "rules: [{action: {kind: delay, duration: 2s}}]", func(t *testing.T, c *http.Client) {
			start := time.Now()
			resp, err := c.Post(bubbleURL, "application/json", strings.NewReader(chatBody))
			if err != nil {
				t.Fatal(err)
			}
			readAll(resp)
			if d := time.Since(start); resp.StatusCode != 200 || d != 2*time.Second {
				t.Fatalf("status %d after %s, want 200 after exactly 2s", resp.StatusCode, d)
			}
		})
	})
	t.Run("headers now, body never, close at 10s", func(t *testing.T) {
		inBubble(t, "rules: [{action: {kind: hang_after_headers, duration: 10s}}]", func(t *testing.T, c *http.Client) {
			start := time.Now()
			resp, err := c.Post(bubbleURL, "application/json", strings.NewReader(chatBody))
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d != 0 {
				t.Fatalf("headers after %s, want at once", d)
			}
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			if !errors.Is(err, io.ErrUnexpectedEOF) || time.Since(start) != 10*time.Second {
				t.Fatalf("body read: %v after %s, want unexpected EOF after exactly 10s", err, time.Since(start))
			}
		})
	})
	t.Run("client deadline beats a forever hang", func(t *testing.T) {
		inBubble(t, "rules: [{action: {kind: hang}}]", func(t *testing.T, c *http.Client) {
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, bubbleURL, strings.NewReader(chatBody))
			start := time.Now()
			_, err := c.Do(req)
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 500*time.Millisecond {
				t.Fatalf("%v after %s, want deadline exceeded after exactly 500ms", err, time.Since(start))
			}
		})
	})
	t.Run("trickle paces the body", func(t *testing.T) {
		inBubble(t, "rules: [{action: {kind: trickle, bytes_per_second: 100}}]", func(t *testing.T, c *http.Client) {
			start := time.Now()
			resp, err := c.Post(bubbleURL, "application/json", strings.NewReader(chatBody))
			if err != nil {
				t.Fatal(err)
			}
			body, err := readAll(resp)
			pieces := (len(body) + 4) / 5 // 100 B/s: 5 bytes every 50ms
			if want := time.Duration(pieces-1) * 50 * time.Millisecond; err != nil || time.Since(start) != want {
				t.Fatalf("%d bytes in %s (%v), want %s", len(body), time.Since(start), err, want)
			}
		})
	})
	t.Run("loading ends on time", func(t *testing.T) {
		inBubble(t, "rules: [{match: {endpoint: chat}, action: {kind: loading, duration: 1m}}]", func(t *testing.T, c *http.Client) {
			resp, err := c.Post(bubbleURL, "application/json", strings.NewReader(chatBody))
			if err != nil {
				t.Fatal(err)
			}
			readAll(resp)
			health := func() int {
				resp, err := c.Get("http://fakellm.test/health")
				if err != nil {
					t.Fatal(err)
				}
				readAll(resp)
				return resp.StatusCode
			}
			time.Sleep(time.Minute - time.Millisecond)
			if got := health(); got != 503 {
				t.Fatalf("health just before the end: %d, want 503", got)
			}
			time.Sleep(time.Millisecond)
			if got := health(); got != 200 {
				t.Fatalf("health at the end: %d, want 200", got)
			}
		})
	})
}
