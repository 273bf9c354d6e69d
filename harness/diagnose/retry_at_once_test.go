package diagnose

import (
	"testing"
	"time"
)

// chain is n failed requests on endpoint from start, each sent gap after
// the previous one's 5 ms answer.
func chain(endpoint string, start, gap time.Duration, n, status int) []LLMRequest {
	var out []LLMRequest
	for i := range n {
		out = append(out, LLMRequest{Endpoint: endpoint, Start: start + time.Duration(i)*(5*time.Millisecond+gap),
			Duration: 5 * time.Millisecond, Status: status, Ending: "complete", Retry: -1})
	}
	return out
}

func TestImmediateRetries(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		llm  []LLMRequest
		want bool
	}{
		{"two runs re-sent at once", append(chain("chat", 0, ms, 5, 503), chain("chat", 100*ms, ms, 4, 503)...), true},
		{"closed connections re-sent at once", func() []LLMRequest {
			rs := chain("chat", 0, ms, 4, 200)
			for i := range rs {
				rs[i].Ending = "closed"
			}
			return rs
		}(), true},
		{"backed off", append(chain("chat", 0, 150*ms, 5, 503), chain("chat", 2*time.Second, 150*ms, 5, 503)...), false},
		{"one run of five", chain("chat", 0, ms, 5, 503), true},
		{"short runs", append(chain("chat", 0, ms, 3, 503), chain("chat", 100*ms, ms, 3, 503)...), false},
		{"429s are left to the slot contention", append(chain("chat", 0, ms, 5, 429), chain("chat", 100*ms, ms, 5, 429)...), false},
		{"runs split across endpoints stay short", append(chain("chat", 0, ms, 3, 503), chain("embeddings", 0, ms, 3, 503)...), false},
		{"overlapping callers", func() []LLMRequest {
			rs := append(chain("chat", 0, ms, 4, 503), chain("chat", 100*ms, ms, 4, 503)...)
			for i := range rs {
				rs[i].Duration = 20 * ms // each starts before the previous ended
			}
			return rs
		}(), false},
		{"successes break a run", func() []LLMRequest {
			rs := chain("chat", 0, ms, 7, 503)
			rs[3].Status = 200
			return rs
		}(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := immediateRetries(&Evidence{LLM: tt.llm})
			if ok != tt.want {
				t.Fatalf("found %v (%s), want %v", ok, f.Sentence, tt.want)
			}
		})
	}
}

// TestSameBodyResends: a failed request whose bytes come again within
// ReSendGap is a re-attempt at once, however many other callers' requests
// come in between; bytes re-sent after a backoff, or a single re-send,
// are not the pattern.
func TestSameBodyResends(t *testing.T) {
	ms := time.Millisecond
	req := func(seq int64, start time.Duration, body uint32, ending string) LLMRequest {
		return LLMRequest{Seq: seq, Endpoint: "chat", Start: start, Duration: 10 * ms, Status: 200, Ending: ending, Retry: -1, Body: body}
	}
	tests := []struct {
		name string
		llm  []LLMRequest
		want bool
	}{
		{"two re-sent at once between other callers", []LLMRequest{
			req(1, 0, 0xA, "closed"), req(2, 11*ms, 0xB, "complete"), req(3, 13*ms, 0xA, "complete"),
			req(4, 100*ms, 0xC, "closed"), req(5, 111*ms, 0xC, "complete")}, true},
		{"re-sent after a backoff", []LLMRequest{
			req(1, 0, 0xA, "closed"), req(2, 140*ms, 0xA, "complete"),
			req(3, 300*ms, 0xC, "closed"), req(4, 450*ms, 0xC, "complete")}, false},
		{"one re-sent at once", []LLMRequest{req(1, 0, 0xA, "closed"), req(2, 12*ms, 0xA, "complete"),
			req(3, 300*ms, 0xC, "closed"), req(4, 450*ms, 0xC, "complete")}, false},
		{"other callers' bytes right after each failure", []LLMRequest{
			req(1, 0, 0xA, "closed"), req(2, 11*ms, 0xB, "complete"),
			req(3, 100*ms, 0xC, "closed"), req(4, 111*ms, 0xD, "complete")}, false},
		{"no checksums journaled", []LLMRequest{
			req(1, 0, 0, "closed"), req(2, 11*ms, 0, "complete"), req(3, 100*ms, 0, "closed"), req(4, 111*ms, 0, "complete")}, false},
		{"successes re-sent are not retries", []LLMRequest{
			req(1, 0, 0xA, "complete"), req(2, 11*ms, 0xA, "complete"), req(3, 100*ms, 0xC, "complete"), req(4, 111*ms, 0xC, "complete")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := sameBodyResends(&Evidence{LLM: tt.llm})
			if ok != tt.want {
				t.Fatalf("found %v (%s), want %v", ok, f.Sentence, tt.want)
			}
		})
	}
}
