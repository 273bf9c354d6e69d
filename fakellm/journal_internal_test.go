package fakellm

import "testing"

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
