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
	// BodyCRC is the CRC-32 (IEEE) of the request body: a client's retry
	// re-sends the same bytes, so equal sums on one endpoint tell a
	// re-attempt from another caller's request.
	BodyCRC uint32 `json:"body_crc,omitempty"`
	// Error is set for requests rejected as invalid.
	Error string `json:"error,omitempty"`
}

// journal is a bounded, ordered request log: a ring of limit entries held
// by value, so recording a request allocates nothing once the ring is full
// and the lock is held only to copy an entry in.
type journal struct {
	mu    sync.Mutex // guards all fields and every entry's fields
	limit int
	seq   int64
	gen   int64         // bumped by reset: older refs no longer match
	ring  []journalSlot // entry seq s at index (s-1) % limit
}

// journalSlot is an entry as the ring holds it. Once described, its Sent
// is written from the entry, stream and note when the journal is read,
// not per request: a string less to allocate per request, and ten
// thousand fewer live objects for the garbage collector to mark.
type journalSlot struct {
	e         JournalEntry
	described bool
	stream    bool   // the answer was a stream
	note      string // the exchange's note
}

// entry is the slot's entry with its Sent filled in.
func (sl *journalSlot) entry() JournalEntry {
	e := sl.e
	if sl.described {
		e.Sent = e.describe(sl.stream, sl.note)
	}
	return e
}

// journalRef names an entry begun in the journal, for end.
type journalRef struct{ gen, seq int64 }

func newJournal(limit int) *journal { return &journal{limit: limit} }

// begin records an in-flight entry; finish it with end.
func (j *journal) begin(e JournalEntry) journalRef {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	e.Ending, e.Sent = EndInFlight, "in flight"
	if i := j.index(j.seq); i == len(j.ring) {
		j.ring = append(j.ring, journalSlot{e: e})
	} else {
		j.ring[i] = journalSlot{e: e}
	}
	return journalRef{gen: j.gen, seq: j.seq}
}

func (j *journal) index(seq int64) int { return int((seq - 1) % int64(j.limit)) }

// end updates the entry under the journal lock, unless it has dropped out
// (the newest limit entries are kept) or the journal was reset since.
func (j *journal) end(ref journalRef, update func(*journalSlot)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if ref.gen != j.gen || j.seq-ref.seq >= int64(j.limit) {
		return
	}
	update(&j.ring[j.index(ref.seq)])
}

// snapshot copies the newest limit entries, oldest first. The slots are
// copied under the lock and turned into entries (their Sent text built)
// after it, so a journal read under load holds up no request for long.
func (j *journal) snapshot() []JournalEntry {
	j.mu.Lock()
	slots := make([]journalSlot, 0, len(j.ring))
	oldest := 0
	if len(j.ring) == j.limit {
		oldest = j.index(j.seq + 1)
	}
	slots = append(append(slots, j.ring[oldest:]...), j.ring[:oldest]...)
	j.mu.Unlock()
	out := make([]JournalEntry, len(slots))
	for i := range slots {
		out[i] = slots[i].entry()
	}
	return out
}

func (j *journal) reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.ring = j.ring[:0]
	j.seq = 0
	j.gen++
}
