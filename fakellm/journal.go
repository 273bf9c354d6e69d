package fakellm

import (
	"sync"
	"time"
)

// JournalEntry records one request: which rule fired and what the client
// was sent. Time and DurationMS are the only wall-clock fields.
type JournalEntry struct {
	Seq      int64     `json:"seq"`
	Time     time.Time `json:"time"`
	Endpoint string    `json:"endpoint"`
	Model    string    `json:"model,omitempty"`
	Stream   bool      `json:"stream,omitempty"`
	// Ordinal is the request's 1-based ordinal on its endpoint since the
	// plan was loaded or reset.
	Ordinal int `json:"ordinal"`
	// Rule is the name of the rule that fired, "" when none did.
	Rule string `json:"rule,omitempty"`
	// Action is the fired rule's kind, "" when none did.
	Action string `json:"action,omitempty"`
	// Status is the HTTP status sent, 0 when no status line was sent.
	Status int `json:"status"`
	// BytesSent counts response body bytes written.
	BytesSent int64 `json:"bytes_sent"`
	// Chunks counts stream events sent, [DONE] excluded; Done says whether
	// [DONE] was sent.
	Chunks int  `json:"chunks,omitempty"`
	Done   bool `json:"done,omitempty"`
	// Ending is complete, closed, reset, client_gone, aborted or in_flight.
	Ending string `json:"ending"`
	// Sent says in words what the client received.
	Sent       string  `json:"sent"`
	DurationMS float64 `json:"duration_ms"`
	// RetryCount is the client's X-Stainless-Retry-Count header, if sent.
	RetryCount *int `json:"retry_count,omitempty"`
	// Error is set for requests rejected as invalid.
	Error string `json:"error,omitempty"`
}

// journal is a bounded, ordered request log.
type journal struct {
	mu      sync.Mutex // guards all fields and every entry's fields
	limit   int
	seq     int64
	entries []*JournalEntry
}

func newJournal(limit int) *journal { return &journal{limit: limit} }

// begin appends an in-flight entry and returns it; finish with end.
func (j *journal) begin(e JournalEntry) *JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	e.Ending, e.Sent = EndInFlight, "in flight"
	p := &e
	if len(j.entries) >= 2*j.limit { // amortised trim to the newest limit
		n := copy(j.entries, j.entries[len(j.entries)-j.limit:])
		clear(j.entries[n:])
		j.entries = j.entries[:n]
	}
	j.entries = append(j.entries, p)
	return p
}

// end updates e under the journal lock.
func (j *journal) end(e *JournalEntry, update func(*JournalEntry)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	update(e)
}

// snapshot copies the newest limit entries, oldest first.
func (j *journal) snapshot() []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	es := j.entries[max(0, len(j.entries)-j.limit):]
	out := make([]JournalEntry, len(es))
	for i, e := range es {
		out[i] = *e
	}
	return out
}

func (j *journal) reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = nil
	j.seq = 0
}
