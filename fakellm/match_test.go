package fakellm_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMatchSelectors: each selector fires on exactly the requests it names.
// Requests alternate chat/embeddings; "fired" lists the (endpoint, ordinal)
// pairs that got the 418 of the rule.
func TestMatchSelectors(t *testing.T) {
	tests := []struct {
		name  string
		match string
		want  string // fired requests, as endpoint:ordinal
	}{
		{name: "nth", match: "{endpoint: chat, nth: 2}", want: "chat:2"},
		{name: "range", match: "{endpoint: chat, from: 2, to: 3}", want: "chat:2 chat:3"},
		{name: "open range", match: "{endpoint: embeddings, from: 3}", want: "embeddings:3 embeddings:4"},
		{name: "every", match: "{every: 2}", want: "chat:2 embeddings:2 chat:4 embeddings:4"},
		{name: "after", match: "{endpoint: chat, after: 2}", want: "chat:3 chat:4"},
		{name: "times", match: "{endpoint: embeddings, times: 1}", want: "embeddings:1"},
		{name: "model", match: "{model: emb-model}", want: "embeddings:1 embeddings:2 embeddings:3 embeddings:4"},
		{name: "prompt", match: `{prompt: "number [13]$"}`, want: "chat:1 embeddings:1 chat:3 embeddings:3"},
		{name: "stream", match: "{stream: true}", want: "chat:4"},
		{name: "any excludes health", match: "{endpoint: any, nth: 1}", want: "chat:1 embeddings:1"},
		{name: "health explicit", match: "{endpoint: health}", want: "health:1"},
		{name: "probability 0", match: "{probability: 0}", want: ""},
		{name: "probability 1", match: "{endpoint: chat, probability: 1}", want: "chat:1 chat:2 chat:3 chat:4"},
		{name: "window open", match: "{endpoint: chat, window: {start: 0s, end: 1h}}", want: "chat:1 chat:2 chat:3 chat:4"},
		{name: "window later", match: "{window: {start: 1h}}", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, fmt.Sprintf("rules: [{name: r, match: %s, action: {kind: status, code: 418}}]", tt.match))
			var fired []string
			for i := 1; i <= 4; i++ {
				stream := i == 4
				resp, _, _ := post(t, srv, "/v1/chat/completions", fmt.Sprintf(`{"model":"chat-model","stream":%v,"messages":[{"role":"user","content":"number %d"}]}`, stream, i))
				if resp.StatusCode == 418 {
					fired = append(fired, fmt.Sprintf("chat:%d", i))
				}
				resp, _, _ = post(t, srv, "/v1/embeddings", fmt.Sprintf(`{"model":"emb-model","input":"number %d"}`, i))
				if resp.StatusCode == 418 {
					fired = append(fired, fmt.Sprintf("embeddings:%d", i))
				}
			}
			resp, _, _ := get(t, srv, "/health")
			if resp.StatusCode == 418 {
				fired = append(fired, "health:1")
			}
			if got := strings.Join(fired, " "); got != tt.want {
				t.Fatalf("fired on %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFirstMatchWins: rules are tried in order.
func TestFirstMatchWins(t *testing.T) {
	srv := newServer(t, `
rules:
  - {name: a, match: {nth: 1}, action: {kind: status, code: 418}}
  - {name: b, match: {endpoint: chat}, action: {kind: status, code: 429}}
`)
	var codes []int
	for i := 0; i < 2; i++ {
		resp, _, _ := post(t, srv, "/v1/chat/completions", chatBody)
		codes = append(codes, resp.StatusCode)
	}
	if codes[0] != 418 || codes[1] != 429 {
		t.Fatalf("codes %v, want [418 429]", codes)
	}
}

// TestWindowCloses: a rule with a short window stops firing once it ends.
func TestWindowCloses(t *testing.T) {
	srv := newServer(t, "rules: [{match: {endpoint: chat, window: {start: 0s, end: 200ms}}, action: {kind: status, code: 418}}]")
	if resp, _, _ := post(t, srv, "/v1/chat/completions", chatBody); resp.StatusCode != 418 {
		t.Fatalf("inside the window: %d", resp.StatusCode)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, _, _ := post(t, srv, "/v1/chat/completions", chatBody)
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("rule still fires long after its window ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestAfterCountsSuccessesOnly: "after: 2" waits for two successful
// answers; a faulted request does not count.
func TestAfterCountsSuccessesOnly(t *testing.T) {
	srv := newServer(t, `
rules:
  - {name: first-fails, match: {endpoint: chat, nth: 1}, action: {kind: status, code: 500}}
  - {name: after-two, match: {endpoint: chat, after: 2}, action: {kind: status, code: 418}}
`)
	var codes []int
	for i := 0; i < 4; i++ {
		resp, _, _ := post(t, srv, "/v1/chat/completions", chatBody)
		codes = append(codes, resp.StatusCode)
		settledJournal(t, srv) // success counts are taken when an exchange ends
	}
	if fmt.Sprint(codes) != "[500 200 200 418]" {
		t.Fatalf("codes %v, want [500 200 200 418]", codes)
	}
}
