package fakellm

import (
	"strconv"
	"sync"
	"testing"
)

func TestJournalKeepsNewest(t *testing.T) {
	tests := []struct {
		name       string
		limit, add int
		wantFirst  int64
		wantLen    int
	}{
		{name: "under", limit: 5, add: 3, wantFirst: 1, wantLen: 3},
		{name: "at", limit: 5, add: 5, wantFirst: 1, wantLen: 5},
		{name: "over", limit: 5, add: 12, wantFirst: 8, wantLen: 5},
		{name: "far over", limit: 3, add: 100, wantFirst: 98, wantLen: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := newJournal(tt.limit)
			for i := 0; i < tt.add; i++ {
				j.end(j.begin(JournalEntry{}), func(sl *journalSlot) { sl.e.Ending = EndComplete })
			}
			got := j.snapshot()
			if len(got) != tt.wantLen || got[0].Seq != tt.wantFirst || got[len(got)-1].Seq != int64(tt.add) {
				t.Fatalf("len %d first %d last %d", len(got), got[0].Seq, got[len(got)-1].Seq)
			}
		})
	}
}

func TestJournalEndSkipsStaleEntries(t *testing.T) {
	tests := []struct {
		name     string
		after    func(j *journal) // between begin and end
		wantSent string           // of the entry seq 1 in the final snapshot, "" when gone
	}{
		{name: "kept", after: func(*journal) {}, wantSent: "done"},
		{name: "others in between", after: func(j *journal) {
			j.begin(JournalEntry{})
			j.begin(JournalEntry{})
		}, wantSent: "done"},
		{name: "dropped out of the ring", after: func(j *journal) {
			for range 3 {
				j.begin(JournalEntry{})
			}
		}},
		{name: "reset, new entry in its slot", after: func(j *journal) {
			j.reset()
			j.begin(JournalEntry{})
		}, wantSent: "in flight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := newJournal(3)
			ref := j.begin(JournalEntry{})
			tt.after(j)
			j.end(ref, func(sl *journalSlot) { sl.e.Sent = "done" })
			var got string
			for _, e := range j.snapshot() {
				if e.Seq == 1 {
					got = e.Sent
				}
			}
			if got != tt.wantSent {
				t.Fatalf("entry 1 sent %q, want %q", got, tt.wantSent)
			}
		})
	}
}

// TestJournalConcurrent: requests begin and end from many goroutines,
// wrapping the ring many times, while snapshots and a reset run; every
// snapshot holds consecutive sequence numbers, at most limit of them, each
// entry whole (its Model written with its Ordinal).
func TestJournalConcurrent(t *testing.T) {
	const limit, workers, each = 300, 8, 2000 // limit spans two chunks
	j := newJournal(limit)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				ord := w*each + i
				ref := j.begin(JournalEntry{Ordinal: ord, Model: strconv.Itoa(ord)})
				j.end(ref, func(sl *journalSlot) { sl.e.Ending = EndComplete; sl.described = true })
			}
		})
	}
	check := func(got []JournalEntry) {
		t.Helper()
		if len(got) > limit {
			t.Fatalf("snapshot of %d entries, limit %d", len(got), limit)
		}
		for i, e := range got {
			if i > 0 && e.Seq != got[i-1].Seq+1 {
				t.Fatalf("snapshot seq %d after %d", e.Seq, got[i-1].Seq)
			}
			if e.Model != strconv.Itoa(e.Ordinal) {
				t.Fatalf("entry %d: model %q with ordinal %d (torn)", e.Seq, e.Model, e.Ordinal)
			}
			if e.Ending != EndInFlight && e.Ending != EndComplete {
				t.Fatalf("entry %d ending %q", e.Seq, e.Ending)
			}
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 200; i++ {
			check(j.snapshot())
			if i == 100 {
				j.reset()
			}
		}
	}()
	wg.Wait()
	<-done
	// The reset may have come after every request: fill the ring again.
	for w := range workers {
		wg.Go(func() {
			for i := range limit / 2 {
				ord := w*limit + i
				j.end(j.begin(JournalEntry{Ordinal: ord, Model: strconv.Itoa(ord)}), func(sl *journalSlot) { sl.e.Ending = EndComplete })
			}
		})
	}
	wg.Wait()
	final := j.snapshot()
	check(final)
	if len(final) != limit {
		t.Fatalf("final snapshot holds %d entries, want %d", len(final), limit)
	}
	for _, e := range final {
		if e.Ending != EndComplete {
			t.Fatalf("entry %d still %q after every request ended", e.Seq, e.Ending)
		}
	}
}
