package fakellm_test

import (
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/internal/memnet"
)

// TestConfigListener serves Start on an in-memory listener: the URL is
// the listener's, a delay costs virtual time only, and Close closes it.
func TestConfigListener(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := memnet.New()
		ln, err := n.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv, err := fakellm.New(fakellm.Config{Listener: ln, Plan: fakellm.MustParsePlan("rules: [{action: {kind: delay, duration: 5s}}]")})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		if want := "http://" + ln.Addr().String(); srv.URL() != want {
			t.Fatalf("URL %s, want %s", srv.URL(), want)
		}
		tr := &http.Transport{DialContext: n.DialContext}
		start := time.Now()
		resp, err := (&http.Client{Transport: tr}).Post(srv.URL()+"/v1/chat/completions", "application/json", strings.NewReader(chatBody))
		if err != nil {
			t.Fatal(err)
		}
		readAll(resp)
		if resp.StatusCode != 200 || time.Since(start) != 5*time.Second {
			t.Fatalf("status %d after %s, want 200 after exactly 5s", resp.StatusCode, time.Since(start))
		}
		tr.CloseIdleConnections()
		srv.Close()
		if _, err := n.Dial("tcp", ln.Addr().String()); err == nil {
			t.Fatal("listener still open after Close")
		}
	})
}
