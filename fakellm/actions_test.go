package fakellm_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
)

// clientDeadline bounds every SDK call in the action tests: hangs fail at
// this deadline, far below the actions' own 30 s.
const clientDeadline = 500 * time.Millisecond

// waitEntry polls the journal until entry seq has ended (the server notices
// a departed client a moment after the client gives up).
func waitEntry(t *testing.T, srv *fakellm.Server, seq int64) fakellm.JournalEntry {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, e := range srv.Journal() {
			if e.Seq == seq && e.Ending != fakellm.EndInFlight {
				return e
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("journal entry %d still in flight: %+v", seq, srv.Journal())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settledJournal polls until no journal entry is in flight: a client can
// hold the whole answer a moment before the server records the ending.
func settledJournal(t *testing.T, srv *fakellm.Server) []fakellm.JournalEntry {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		j, busy := srv.Journal(), false
		for _, e := range j {
			busy = busy || e.Ending == fakellm.EndInFlight
		}
		if !busy {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("journal still has requests in flight: %+v", j)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

type actionCase struct {
	name   string
	action string
	stream bool
	want   string            // error class both SDKs see
	wantBy map[string]string // per-SDK exceptions
	// content: the text received equals the fault-free answer.
	content bool
	entry   func(e fakellm.JournalEntry) error
}

func ending(end string, status int) func(e fakellm.JournalEntry) error {
	return func(e fakellm.JournalEntry) error {
		if e.Ending != end || e.Status != status {
			return fmt.Errorf("ending %s status %d, want %s %d", e.Ending, e.Status, end, status)
		}
		return nil
	}
}

// sentOrAbandoned: the client may stop reading at a bad chunk and hang up
// before the server has written the rest, so either ending is right.
func sentOrAbandoned(status int) func(e fakellm.JournalEntry) error {
	return func(e fakellm.JournalEntry) error {
		if (e.Ending != "complete" && e.Ending != "client_gone") || e.Status != status {
			return fmt.Errorf("ending %s status %d, want complete or client_gone and %d", e.Ending, e.Status, status)
		}
		return nil
	}
}

var actionCases = []actionCase{
	{name: "delay", action: "{kind: delay, duration: 50ms}", want: "ok", content: true, entry: ending("complete", 200)},
	{name: "delay stream", action: "{kind: delay, distribution: {type: uniform, min: 10ms, max: 30ms}}", stream: true, want: "ok", content: true, entry: ending("complete", 200)},
	{name: "hang", action: "{kind: hang, duration: 30s}", want: "timeout", entry: ending("client_gone", 0)},
	{name: "hang_after_headers", action: "{kind: hang_after_headers, duration: 30s}", want: "timeout", entry: ending("client_gone", 200)},
	{name: "hang_after_headers stream", action: "{kind: hang_after_headers}", stream: true, want: "timeout", entry: ending("client_gone", 200)},
	{name: "stall hold", action: "{kind: stall_stream, after_chunks: 3}", stream: true, want: "timeout", entry: func(e fakellm.JournalEntry) error {
		if e.Chunks != 3 || e.Done || e.Ending != "client_gone" {
			return fmt.Errorf("chunks %d done %v ending %s, want 3 chunks then client_gone", e.Chunks, e.Done, e.Ending)
		}
		return nil
	}},
	{name: "stall close", action: "{kind: stall_stream, after_chunks: 3, then: close, duration: 50ms}", stream: true, want: "unexpected_eof", entry: ending("closed", 200)},
	{name: "stall reset", action: "{kind: stall_stream, after_chunks: 3, then: reset}", stream: true, want: "reset", entry: ending("reset", 200)},
	{name: "stall resume", action: "{kind: stall_stream, after_chunks: 3, then: resume, duration: 50ms}", stream: true, want: "ok", content: true, entry: ending("complete", 200)},
	{name: "stall resume json", action: "{kind: stall_stream, then: resume, duration: 50ms}", want: "ok", content: true, entry: ending("complete", 200)},
	{name: "trickle", action: "{kind: trickle, bytes_per_second: 20000}", want: "ok", content: true, entry: ending("complete", 200)},
	{name: "trickle stream", action: "{kind: trickle, bytes_per_second: 40000}", stream: true, want: "ok", content: true, entry: ending("complete", 200)},
	{name: "close_before_response", action: "{kind: close_before_response}", want: "eof", entry: ending("closed", 0)},
	{name: "close_mid_body", action: "{kind: close_mid_body}", want: "unexpected_eof", entry: ending("closed", 200)},
	{name: "close_mid_body stream", action: "{kind: close_mid_body, after_bytes: 600}", stream: true, want: "unexpected_eof", entry: ending("closed", 200)},
	{name: "close_without_done", action: "{kind: close_without_done}", stream: true, want: "ok", content: true, entry: func(e fakellm.JournalEntry) error {
		if e.Done || e.Chunks == 0 || e.Ending != "complete" || !strings.Contains(e.Sent, "no [DONE]") {
			return fmt.Errorf("journal must record the missing [DONE]: %+v", e)
		}
		return nil
	}},
	{name: "reset", action: "{kind: reset}", want: "reset", entry: ending("reset", 0)},
	{name: "status 503", action: "{kind: status, code: 503}", want: "status", entry: ending("complete", 503)},
	{name: "status stream", action: "{kind: status, code: 500}", stream: true, want: "status", entry: ending("complete", 500)},
	{name: "malformed_json", action: "{kind: malformed_json}", want: "json", entry: ending("complete", 200)},
	{name: "malformed_json stream", action: "{kind: malformed_json}", stream: true, want: "json", entry: sentOrAbandoned(200)},
	{name: "truncated_json", action: "{kind: truncated_json}", want: "unexpected_eof", entry: ending("complete", 200)},
	{name: "truncated_json stream", action: "{kind: truncated_json}", stream: true, want: "json", entry: sentOrAbandoned(200)},
	{name: "wrong_content_type", action: "{kind: wrong_content_type}", wantBy: map[string]string{"go-openai": "ok", "openai-go": "content_type"}, entry: ending("complete", 200)},
	{name: "empty_choices", action: "{kind: empty_choices}", want: "no_choices", entry: ending("complete", 200)},
	{name: "empty_choices stream", action: "{kind: empty_choices}", stream: true, want: "ok", entry: ending("complete", 200)},
	{name: "stream_error", action: "{kind: stream_error, after_chunks: 2}", stream: true, want: "stream_error", entry: func(e fakellm.JournalEntry) error {
		if e.Chunks != 2 || e.Done {
			return fmt.Errorf("chunks %d done %v, want 2 chunks and no [DONE]", e.Chunks, e.Done)
		}
		return nil
	}},
	{name: "loading", action: "{kind: loading, duration: 1m}", want: "status", entry: ending("complete", 503)},
}

// TestActionsWithSDKs drives every action with both OpenAI SDKs and checks
// what the client observed and what the journal recorded.
func TestActionsWithSDKs(t *testing.T) {
	for _, tt := range actionCases {
		for _, s := range sdks {
			t.Run(tt.name+"/"+s.name, func(t *testing.T) {
				t.Parallel()
				runActionCase(t, tt, s)
			})
		}
	}
}

func runActionCase(t *testing.T, tt actionCase, s sdk) {
	clean := newServer(t, "")
	want, err := s.chat(context.Background(), t, clean, tt.stream, 0)
	if err != nil {
		t.Fatalf("fault-free answer: %v", err)
	}
	srv := newServer(t, "rules: [{name: r, match: {endpoint: chat}, action: "+tt.action+"}]")
	ctx, cancel := context.WithTimeout(context.Background(), clientDeadline)
	defer cancel()
	start := time.Now()
	got, err := s.chat(ctx, t, srv, tt.stream, 0)
	elapsed := time.Since(start)
	wantClass := tt.want
	if w, ok := tt.wantBy[s.name]; ok {
		wantClass = w
	}
	if c := errClass(err); c != wantClass {
		t.Fatalf("client saw %q (%v), want %q", c, err, wantClass)
	}
	if wantClass == "timeout" && elapsed > 10*clientDeadline {
		t.Errorf("client gave up after %s; its deadline was %s", elapsed, clientDeadline)
	}
	if tt.content && got != want {
		t.Errorf("answer %q, want the fault-free %q", got, want)
	}
	e := waitEntry(t, srv, 1)
	if e.Rule != "r" || e.Ordinal != 1 {
		t.Errorf("journal rule %q ordinal %d, want r 1", e.Rule, e.Ordinal)
	}
	if err := tt.entry(e); err != nil {
		t.Errorf("journal: %v (sent: %s)", err, e.Sent)
	}
}

// TestLoadingHealth: a loading fault turns /health to 503 until it ends.
func TestLoadingHealth(t *testing.T) {
	srv := newServer(t, "rules: [{match: {endpoint: chat}, action: {kind: loading, duration: 300ms}}]")
	health := func() int {
		resp, _, err := get(t, srv, "/health")
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	if got := health(); got != http.StatusOK {
		t.Fatalf("health before: %d", got)
	}
	if resp, _, _ := post(t, srv, "/v1/chat/completions", chatBody); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("chat: %d, want 503", resp.StatusCode)
	}
	resp, body, _ := get(t, srv, "/health")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "Loading model") {
		t.Fatalf("health while loading: %d %s", resp.StatusCode, body)
	}
	deadline := time.Now().Add(5 * time.Second)
	for health() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("health still 503 long after the loading duration")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
