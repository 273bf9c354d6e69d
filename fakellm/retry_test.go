package fakellm_test

import (
	"context"
	"testing"
	"time"
)

// TestRetryAfterMakesOpenAIGoRetry: 429 with retry_after: 1 makes
// openai-go retry twice (its default), honouring Retry-After, and the
// journal shows the client's retry counts 0, 1, 2.
func TestRetryAfterMakesOpenAIGoRetry(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 2 s of Retry-After")
	}
	srv := newServer(t, "rules: [{match: {endpoint: chat}, action: {kind: status, code: 429, retry_after: 1, ratelimit_headers: true}}]")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := openaiGoChat(ctx, t, srv, false, 2)
	if statusOf(err) != 429 {
		t.Fatalf("error %v, want a 429 after retries", err)
	}
	j := settledJournal(t, srv)
	if len(j) != 3 {
		t.Fatalf("%d requests, want 3 (1 + 2 retries)", len(j))
	}
	for i, e := range j {
		if e.RetryCount == nil || *e.RetryCount != i {
			t.Errorf("request %d: retry count %v, want %d", i+1, e.RetryCount, i)
		}
		if e.Status != 429 || e.Ordinal != i+1 {
			t.Errorf("request %d: status %d ordinal %d", i+1, e.Status, e.Ordinal)
		}
	}
	if gap := j[1].Time.Sub(j[0].Time); gap < 900*time.Millisecond {
		t.Errorf("retry came after %s; Retry-After said 1s", gap)
	}
}
