package storetest

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// Opener opens the backend stored in dir (creating it when empty).
type Opener func(t *testing.T, dir string) store.VectorStore

// Dim is the vector dimension the suite writes.
const Dim = 8

// callTimeout bounds every call the suite makes, so a hanging backend fails
// the test instead of stalling it.
const callTimeout = 10 * time.Second

// RunAll runs every behaviour as a subtest.
func RunAll(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"UpsertByID", TestUpsertByID},
		{"IdempotentReupsert", TestIdempotentReupsert},
		{"DeleteByDoc", TestDeleteByDoc},
		{"SearchTopKOrdering", TestSearchTopKOrdering},
		{"ConcurrentWritersSerialised", TestConcurrentWritersSerialised},
		{"WriteDeadlineBusy", TestWriteDeadlineBusy},
		{"ReopenAfterUncleanClose", TestReopenAfterUncleanClose},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

func openIn(t *testing.T, open Opener, dir string) store.VectorStore {
	t.Helper()
	vs := open(t, dir)
	t.Cleanup(func() { vs.Close() })
	return vs
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), callTimeout)
	t.Cleanup(cancel)
	return ctx
}

// axis returns a unit vector along dimension i plus a small tilt along
// dimension j, so similarities are distinct and predictable.
func axis(i int, tilt float32) []float32 {
	v := make([]float32, Dim)
	v[i%Dim] = 1
	v[(i+1)%Dim] = tilt
	return v
}

func row(id, doc string, vec []float32) store.TopicRow {
	return store.TopicRow{ID: id, DocID: doc, CategoryID: "Others", TopicName: "topic " + id,
		Summary: "summary of " + id, MDPath: "/md/" + doc, ContentSHA256: "sha-" + doc, Vector: vec}
}

func mustUpsert(t *testing.T, vs store.VectorStore, rows ...store.TopicRow) {
	t.Helper()
	if err := vs.Upsert(ctxFor(t), rows); err != nil {
		t.Fatalf("upsert %d rows: %v", len(rows), err)
	}
}

// all returns every row as a hit, keyed by id, via a search with a large k.
func all(t *testing.T, vs store.VectorStore) map[string]store.Hit {
	t.Helper()
	hits, err := vs.Search(ctxFor(t), axis(0, 0.5), 100000)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	out := make(map[string]store.Hit, len(hits))
	for _, h := range hits {
		if _, dup := out[h.ID]; dup {
			t.Fatalf("search returned id %s twice", h.ID)
		}
		out[h.ID] = h
	}
	return out
}

func near(a, b float32) bool { return math.Abs(float64(a-b)) < 1e-5 }

func ids(hits []store.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%s(%.3f)", h.ID, h.Score)
	}
	return out
}
