package memnet_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/internal/memnet"
	"golang.org/x/net/nettest"
)

// TestConnConformance runs x/net's net.Conn conformance suite on a dialed
// pair (real time: the suite measures its own timeouts).
func TestConnConformance(t *testing.T) {
	nettest.TestConn(t, func() (net.Conn, net.Conn, func(), error) {
		n := memnet.New()
		ln, err := n.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, nil, err
		}
		c1, err := n.Dial("tcp", ln.Addr().String())
		if err != nil {
			return nil, nil, nil, err
		}
		c2, err := ln.Accept()
		if err != nil {
			return nil, nil, nil, err
		}
		return c1, c2, func() { c1.Close(); c2.Close(); ln.Close() }, nil
	})
}

func TestNetworkErrors(t *testing.T) {
	n := memnet.New()
	ln, err := n.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"dial a port nobody listens on", func() error { _, err := n.Dial("tcp", "127.0.0.1:9"); return err }, syscall.ECONNREFUSED},
		{"listen on a port in use", func() error { _, err := n.Listen("tcp", addr); return err }, syscall.EADDRINUSE},
		{"dial off loopback", func() error { _, err := n.Dial("tcp", "10.0.0.1:80"); return err }, nil},
		{"listen udp", func() error { _, err := n.Listen("udp", "127.0.0.1:0"); return err }, nil},
		{"bad port", func() error { _, err := n.Dial("tcp", "127.0.0.1:http"); return err }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
		})
	}
	ln.Close()
	if _, err := n.Dial("tcp", addr); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial after close: %v, want connection refused", err)
	}
	ln2, err := n.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the port of a closed listener is not free again: %v", err)
	}
	ln2.Close()
}

// TestVirtualTime: blocked reads, accepts and HTTP requests are durable in
// a synctest bubble, so deadlines fire on the fake clock with no waiting.
func TestVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := memnet.New()
		ln, err := n.Listen("tcp", "localhost:0")
		if err != nil {
			t.Fatal(err)
		}
		c, err := n.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		s, _ := ln.Accept()
		start := time.Now()
		c.SetReadDeadline(start.Add(time.Hour))
		_, err = c.Read(make([]byte, 1))
		if !errors.Is(err, os.ErrDeadlineExceeded) || time.Since(start) != time.Hour {
			t.Fatalf("read: %v after %s, want deadline exceeded after exactly 1h", err, time.Since(start))
		}
		s.Write([]byte("ab"))
		s.Close()
		c.SetReadDeadline(time.Time{})
		b, err := io.ReadAll(c)
		if string(b) != "ab" || err != nil {
			t.Fatalf("read after peer close: %q %v, want \"ab\" then EOF", b, err)
		}
		if _, err := c.Write([]byte("x")); !errors.Is(err, syscall.EPIPE) {
			t.Fatalf("write to a closed peer: %v, want EPIPE", err)
		}
		c.Close()
		ln.Close()
	})
}

func TestHTTPInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := memnet.New()
		ln, _ := n.Listen("tcp", "127.0.0.1:0")
		hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/slow" {
				select {
				case <-time.After(time.Minute):
				case <-r.Context().Done():
					return
				}
			}
			io.Copy(io.Discard, r.Body)
			w.Write([]byte("ok"))
		})}
		go hs.Serve(ln)
		tr := &http.Transport{DialContext: n.DialContext}
		c := &http.Client{Transport: tr}
		base := "http://" + ln.Addr().String()
		start := time.Now()
		resp, err := c.Post(base+"/slow", "text/plain", strings.NewReader(strings.Repeat("x", 1<<20)))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "ok" || time.Since(start) != time.Minute {
			t.Fatalf("got %q after %s, want ok after exactly 1m", b, time.Since(start))
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/slow", nil)
		start = time.Now()
		if _, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Second {
			t.Fatalf("%v after %s, want deadline exceeded after 1s", err, time.Since(start))
		}
		tr.CloseIdleConnections()
		hs.Close()
		synctest.Wait()
	})
}
