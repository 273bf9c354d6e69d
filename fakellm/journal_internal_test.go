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
				j.end(j.begin(JournalEntry{}), func(e *JournalEntry) { e.Ending = EndComplete })
			}
			got := j.snapshot()
			if len(got) != tt.wantLen || got[0].Seq != tt.wantFirst || got[len(got)-1].Seq != int64(tt.add) {
				t.Fatalf("len %d first %d last %d", len(got), got[0].Seq, got[len(got)-1].Seq)
			}
		})
	}
}
