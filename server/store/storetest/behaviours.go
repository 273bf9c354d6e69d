package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/hangarhq/hangar/server/store"
)

// TestUpsertByID: a second upsert with the same id replaces the row (all
// columns and the vector) instead of adding one.
func TestUpsertByID(t *testing.T, open Opener) {
	vs := openIn(t, open, t.TempDir())
	mustUpsert(t, vs, row("r1", "d1", axis(0, 0)), row("r2", "d1", axis(1, 0)))
	changed := row("r1", "d2", axis(3, 0))
	changed.Summary, changed.TopicName, changed.CategoryID = "new summary", "new name", "Tech"
	mustUpsert(t, vs, changed)

	got := all(t, vs)
	if len(got) != 2 {
		t.Fatalf("rows after replacing r1: got %d, want 2", len(got))
	}
	hits, err := vs.Search(ctxFor(t), axis(3, 0), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Hit{ID: "r1", DocID: "d2", CategoryID: "Tech", TopicName: "new name",
		Summary: "new summary", MDPath: "/md/d2", Score: 1}
	if len(hits) != 1 || !near(hits[0].Score, 1) {
		t.Fatalf("search for r1's new vector: got %v, want r1 with score 1", ids(hits))
	}
	hits[0].Score = 1
	if hits[0] != want {
		t.Errorf("replaced row: got %+v, want %+v", hits[0], want)
	}
}

// TestIdempotentReupsert: writing the same rows again changes nothing.
func TestIdempotentReupsert(t *testing.T, open Opener) {
	vs := openIn(t, open, t.TempDir())
	rows := []store.TopicRow{row("a", "d1", axis(0, 0.1)), row("b", "d1", axis(1, 0.1)), row("c", "d2", axis(2, 0.1))}
	mustUpsert(t, vs, rows...)
	before := all(t, vs)
	for range 3 {
		mustUpsert(t, vs, rows...)
	}
	after := all(t, vs)
	if len(after) != len(rows) {
		t.Fatalf("rows after re-upserting 3 times: got %d, want %d", len(after), len(rows))
	}
	for id, h := range before {
		if after[id] != h {
			t.Errorf("row %s changed on re-upsert: %+v -> %+v", id, h, after[id])
		}
	}
}

// TestDeleteByDoc removes exactly the document's rows; deleting an unknown
// document is not an error.
func TestDeleteByDoc(t *testing.T, open Opener) {
	vs := openIn(t, open, t.TempDir())
	mustUpsert(t, vs, row("a1", "A", axis(0, 0)), row("a2", "A", axis(1, 0)), row("b1", "B", axis(2, 0)))
	if err := vs.DeleteByDoc(ctxFor(t), "A"); err != nil {
		t.Fatalf("delete A: %v", err)
	}
	if err := vs.DeleteByDoc(ctxFor(t), "no-such-doc"); err != nil {
		t.Fatalf("delete unknown document: %v", err)
	}
	got := all(t, vs)
	if len(got) != 1 || got["b1"].DocID != "B" {
		t.Fatalf("rows after deleting A: got %v, want only b1", got)
	}
}

// TestSearchTopKOrdering: the k most similar rows, best first, and never
// more than k; invalid queries are rejected.
func TestSearchTopKOrdering(t *testing.T, open Opener) {
	vs := openIn(t, open, t.TempDir())
	// Similarity to axis(0,0) falls as the tilt towards dimension 1 grows.
	tilts := map[string]float32{"t0": 0, "t1": 0.2, "t2": 0.5, "t3": 1, "t4": 2, "t5": 4}
	var rows []store.TopicRow
	for id, tilt := range tilts {
		rows = append(rows, row(id, "d", axis(0, tilt)))
	}
	rows = append(rows, row("opposite", "d", func() []float32 { v := axis(0, 0); v[0] = -1; return v }()))
	mustUpsert(t, vs, rows...)

	for _, tc := range []struct {
		name string
		k    int
		want []string
	}{
		{"k=1", 1, []string{"t0"}},
		{"k=3", 3, []string{"t0", "t1", "t2"}},
		{"k beyond rows", 50, []string{"t0", "t1", "t2", "t3", "t4", "t5", "opposite"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := vs.Search(ctxFor(t), axis(0, 0), tc.k)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(hits))
			for i, h := range hits {
				got[i] = h.ID
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("hit %d (%s) scores above hit %d: %v", i, h.ID, i-1, ids(hits))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("top %d: got %v, want %v", tc.k, ids(hits), tc.want)
			}
		})
	}
	if hits, err := vs.Search(ctxFor(t), axis(0, 0), 50); err != nil || !near(hits[len(hits)-1].Score, -1) {
		t.Errorf("the opposite vector should rank last with score -1: %v %v", ids(hits), err)
	}
	for _, bad := range []struct {
		vec []float32
		k   int
	}{{nil, 3}, {axis(0, 0), 0}} {
		if _, err := vs.Search(ctxFor(t), bad.vec, bad.k); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("search(%d-d, k=%d): got %v, want ErrInvalid", len(bad.vec), bad.k, err)
		}
	}
}
