package fakellm_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"go.uber.org/goleak"
)

// TestCloseAbortsHungRequests: Close returns promptly with requests hung in
// every way, each client gets an error, each journal entry says what was
// sent and that the server aborted, and no goroutine is left.
func TestCloseAbortsHungRequests(t *testing.T) {
	srv, err := fakellm.New(fakellm.Config{Plan: fakellm.MustParsePlan(`
rules:
  - {match: {nth: 1}, action: {kind: hang}}
  - {match: {nth: 2}, action: {kind: hang_after_headers}}
  - {match: {nth: 3}, action: {kind: stall_stream, after_chunks: 2, then: hold}}
  - {match: {nth: 4}, action: {kind: delay, duration: 1h}}
  - {match: {nth: 5}, action: {kind: trickle, bytes_per_second: 1}}
`)})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for i := 0; i < 5; i++ {
		body := `{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}`
		wg.Add(1)
		go func() {
			defer wg.Done()
			// No client deadline: only Close can end these requests.
			resp, err := (&http.Client{Transport: tr}).Post(srv.URL()+"/v1/chat/completions", "application/json", strings.NewReader(body))
			if err == nil {
				_, err = readAll(resp)
			}
			errs <- err
		}()
		waitInFlight(t, srv, i+1) // admit in order, so nth picks the rule
	}
	start := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %s with hung requests", d)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err == nil {
			t.Error("a hung request ended without error after Close")
		}
	}
	for _, e := range srv.Journal() {
		if e.Ending != fakellm.EndAborted || e.Sent == "" {
			t.Errorf("entry %d (%s): ending %q sent %q, want aborted", e.Seq, e.Action, e.Ending, e.Sent)
		}
	}
	if e := srv.Journal()[2]; e.Chunks != 2 || e.Status != 200 {
		t.Errorf("stalled stream entry: %+v", e)
	}
	tr.CloseIdleConnections()
	goleak.VerifyNone(t)
}

// waitInFlight polls until n requests are in the journal.
func waitInFlight(t *testing.T, srv *fakellm.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.Journal()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("request %d never arrived", n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestShutdownDrainsThenAborts: Shutdown lets a short delay finish and
// aborts a hang when its context ends.
func TestShutdownDrainsThenAborts(t *testing.T) {
	srv, err := fakellm.New(fakellm.Config{Plan: fakellm.MustParsePlan(`
rules:
  - {match: {nth: 1}, action: {kind: delay, duration: 100ms}}
  - {match: {nth: 2}, action: {kind: hang}}
`)})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	codes := make(chan int, 2)
	for i := 0; i < 2; i++ {
		go func() {
			resp, err := (&http.Client{Transport: tr}).Post(srv.URL()+"/v1/chat/completions", "application/json", strings.NewReader(chatBody))
			if err != nil {
				codes <- 0
				return
			}
			readAll(resp)
			codes <- resp.StatusCode
		}()
		waitInFlight(t, srv, i+1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	srv.Shutdown(ctx)
	got := map[int]int{<-codes: 1}
	got[<-codes]++
	if got[200] != 1 || got[0] != 1 {
		t.Fatalf("status codes %v, want one 200 (delay drained) and one failure (hang aborted)", got)
	}
	j := srv.Journal()
	if j[0].Ending != fakellm.EndComplete || j[1].Ending != fakellm.EndAborted {
		t.Fatalf("endings %s, %s; want complete, aborted", j[0].Ending, j[1].Ending)
	}
}

func TestStartTwiceAndAfterClose(t *testing.T) {
	srv, err := fakellm.New(fakellm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err == nil {
		t.Error("second Start succeeded")
	}
	srv.Close()
	if err := srv.Start(); err == nil {
		t.Error("Start after Close succeeded")
	}
	if err := srv.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestCloseReleasesMountedHandler: a hang served through Handler() on
// another http.Server ends when the fakellm is closed.
func TestCloseReleasesMountedHandler(t *testing.T) {
	srv, err := fakellm.New(fakellm.Config{Plan: fakellm.MustParsePlan("rules: [{action: {kind: hang}}]")})
	if err != nil {
		t.Fatal(err)
	}
	other := httptest.NewServer(srv.Handler())
	defer other.Close()
	done := make(chan error, 1)
	go func() {
		resp, err := http.Post(other.URL+"/v1/chat/completions", "application/json", strings.NewReader(chatBody))
		if err == nil {
			_, err = readAll(resp)
		}
		done <- err
	}()
	waitInFlight(t, srv, 1)
	srv.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("hung request answered after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not release a hang served by another http.Server")
	}
	if e := srv.Journal()[0]; e.Ending != fakellm.EndAborted {
		t.Fatalf("ending %s, want aborted", e.Ending)
	}
}
