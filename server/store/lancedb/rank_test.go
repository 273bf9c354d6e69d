package lancedb

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hangarhq/hangar/server/store"
)

func version(id string, updated int64, vec ...float32) stored {
	return stored{hit: store.Hit{ID: id, DocID: "d"}, vector: vec, updated: updated, created: updated}
}

func TestRank(t *testing.T) {
	q := []float32{1, 0}
	rows := []stored{
		version("far", 1, 0, 1),
		version("b", 1, 0.6, 0.8),
		version("a", 1, 0.6, 0.8),         // ties with b: a ranks first
		version("moved", 5, -1, 0),        // newest version of "moved"
		version("moved", 3, 1, 0),         // older version, would rank first
		version("best", 2, 1, 0),          // only version
		version("moved", 4, 0.8, 0.6),     // another older one
		version("opposite", 1, -0.6, 0.8), // negative score
	}
	tests := []struct {
		k        int
		want     string
		wantDups int
	}{
		{1, "[best(1.00)]", 2},
		{3, "[best(1.00) a(0.60) b(0.60)]", 2},
		{10, "[best(1.00) a(0.60) b(0.60) far(0.00) opposite(-0.60) moved(-1.00)]", 2},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint("k=", tc.k), func(t *testing.T) {
			shuffled := slices.Clone(rows)
			slices.Reverse(shuffled) // order of the rows must not matter
			for _, in := range [][]stored{rows, shuffled} {
				hits, dups := rank(in, q, tc.k)
				if got := fmt.Sprint(scores(hits)); got != tc.want || dups != tc.wantDups {
					t.Errorf("got %s with %d dups, want %s with %d", got, dups, tc.want, tc.wantDups)
				}
			}
		})
	}
}

func scores(hits []store.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%s(%.2f)", h.ID, h.Score)
	}
	return out
}

func TestPlanRepair(t *testing.T) {
	rows := []stored{version("z", 7), version("a", 3), version("z", 9), version("solo", 11), version("a", 2), version("z", 8)}
	filters, newest := planRepair(rows)
	want := []string{"id = 'a' AND updated_at < 3", "id = 'z' AND updated_at < 9"}
	if !slices.Equal(filters, want) || newest != 11 {
		t.Errorf("got %q, newest %d; want %q, 11", filters, newest, want)
	}
	if filters, newest := planRepair(nil); filters != nil || newest != 0 {
		t.Errorf("empty table: got %q, %d", filters, newest)
	}
}

func TestCreatedAt(t *testing.T) {
	rows := []stored{
		{hit: store.Hit{ID: "a"}, created: 50},
		{hit: store.Hit{ID: "a"}, created: 40},
		{hit: store.Hit{ID: "b"}, created: 0}, // unknown: the upsert sets it
		{hit: store.Hit{ID: "c"}, created: 0},
		{hit: store.Hit{ID: "c"}, created: 70},
	}
	got := createdAt(rows)
	if len(got) != 3 || got["a"] != 40 || got["b"] != 0 || got["c"] != 70 {
		t.Errorf("got %v, want a:40 b:0 c:70", got)
	}
}

func TestKeepNewest(t *testing.T) {
	rows := []stored{version("a", 1), version("b", 5), version("gone", 2), version("a", 3),
		version("moved", 4), version("moved", 6)}
	stamps := []stored{version("a", 3), version("a", 1), version("b", 5), version("moved", 7)}
	got, missing := keepNewest(rows, stamps)
	if len(got) != 2 || got[0].hit.ID != "b" || got[1].hit.ID != "a" || got[1].updated != 3 {
		t.Errorf("kept %+v, want b@5 and a@3", got)
	}
	if missing != 1 {
		t.Errorf("missing: got %d, want 1 (moved@7 was not read)", missing)
	}
}
