package fakellm

import (
	"sync"
	"sync/atomic"
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
// by value, so recording a request allocates nothing once the ring's room
// is there. Requests never wait on each other here: a request's sequence
// number is an atomic count, its slot is its own (a slot has a lock only
// against the end of the request limit entries older, should that still
// be running), and the journal-wide lock is shared by every request and
// taken alone only by snapshot and reset. (One lock for every request made
// them queue behind each other: on a machine whose cores also run the
// load generator, a request preempted while holding it stalled the rest.)
type journal struct {
	mu     sync.RWMutex // read-locked by begin and end; snapshot and reset lock it
	limit  int
	seq    atomic.Int64
	gen    int64                          // bumped by reset (mu locked): older refs no longer match
	chunks []atomic.Pointer[journalChunk] // the ring, entry seq s at index (s-1) % limit, in chunks made on first use
}

// journalChunkSize is how many slots a ring chunk holds: a server that
// sees a few requests does not allocate a whole ring up front.
const journalChunkSize = 256

type journalChunk [journalChunkSize]journalSlot

// journalSlot is an entry as the ring holds it. Once described, its Sent
// is written from the entry, stream and note when the journal is read,
// not per request: a string less to allocate per request, and ten
// thousand fewer live objects for the garbage collector to mark.
type journalSlot struct {
	mu        sync.Mutex // guards the fields below while requests run
	seq       int64      // the entry's; 0 for a slot not used since the last reset
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

func newJournal(limit int) *journal {
	return &journal{limit: limit, chunks: make([]atomic.Pointer[journalChunk], (limit+journalChunkSize-1)/journalChunkSize)}
}

// slot is the ring slot of entry seq, its chunk made if need be.
func (j *journal) slot(seq int64) *journalSlot {
	i := int((seq - 1) % int64(j.limit))
	c := &j.chunks[i/journalChunkSize]
	ch := c.Load()
	if ch == nil {
		c.CompareAndSwap(nil, new(journalChunk)) // the loser's chunk is dropped
		ch = c.Load()
	}
	return &ch[i%journalChunkSize]
}

// begin records an in-flight entry; finish it with end.
func (j *journal) begin(e JournalEntry) journalRef {
	j.mu.RLock()
	defer j.mu.RUnlock()
	seq := j.seq.Add(1)
	e.Seq = seq
	e.Ending, e.Sent = EndInFlight, "in flight"
	sl := j.slot(seq)
	sl.mu.Lock()
	if seq > sl.seq { // else the entry limit newer got here first: it stays
		sl.seq, sl.e, sl.described, sl.stream, sl.note = seq, e, false, false, ""
	}
	sl.mu.Unlock()
	return journalRef{gen: j.gen, seq: seq}
}

// end updates the entry, unless it has dropped out (the newest limit
// entries are kept) or the journal was reset since.
func (j *journal) end(ref journalRef, update func(*journalSlot)) {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if ref.gen != j.gen || j.seq.Load()-ref.seq >= int64(j.limit) {
		return
	}
	sl := j.slot(ref.seq)
	sl.mu.Lock()
	if sl.seq == ref.seq {
		update(sl)
	}
	sl.mu.Unlock()
}

// snapshot copies the newest limit entries, oldest first. The slots are
// copied with the journal locked and turned into entries (their Sent text
// built) after it, so a journal read under load holds up no request for
// long.
func (j *journal) snapshot() []JournalEntry {
	type copied struct {
		e                 JournalEntry
		described, stream bool
		note              string
	}
	j.mu.Lock()
	last := j.seq.Load()
	first := max(last-int64(j.limit), 0) + 1
	slots := make([]copied, 0, last-first+1)
	for seq := first; seq <= last; seq++ {
		// Every begin up to last has returned (it holds mu shared), so
		// each of these slots holds its entry.
		sl := j.slot(seq)
		slots = append(slots, copied{sl.e, sl.described, sl.stream, sl.note})
	}
	j.mu.Unlock()
	out := make([]JournalEntry, len(slots))
	for i, c := range slots {
		sl := journalSlot{e: c.e, described: c.described, stream: c.stream, note: c.note}
		out[i] = sl.entry()
	}
	return out
}

func (j *journal) reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := range j.chunks {
		j.chunks[i].Store(nil)
	}
	j.seq.Store(0)
	j.gen++
}
