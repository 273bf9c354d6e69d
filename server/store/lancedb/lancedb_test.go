//go:build lancedb

// These tests call the native library: they link only with CGO_LDFLAGS
// pointing at liblancedb_go.a (see docs/lancedb.md, `make test-lancedb`).

package lancedb

import (
	"context"
	"testing"

	"github.com/hangarhq/hangar/server/store"
	"github.com/hangarhq/hangar/server/store/storetest"
)

func realOpener(ctx context.Context, st *store.Store, dim int) (*Vectors, error) {
	return Open(ctx, st, Options{Dim: dim})
}

// TestConformance runs the store conformance suite on LanceDB.
func TestConformance(t *testing.T) {
	storetest.RunAll(t, func(t *testing.T, dir string) store.VectorStore {
		return mustOpen(t, realOpener, dir, storetest.Dim)
	})
}

func TestBackend(t *testing.T) { runBackendTests(t, realOpener) }

// TestRegisteredBackend: --vector-store lancedb reaches this package through the
// registry, with EverOS' 1024-d table.
func TestRegisteredBackend(t *testing.T) {
	st := openStore(t, t.TempDir())
	vs, err := store.OpenVectors(ctxFor(t), "lancedb", st)
	if err != nil {
		t.Fatalf("OpenVectors(lancedb): %v (have %v)", err, store.VectorBackends())
	}
	t.Cleanup(func() { vs.Close() })
	v, ok := vs.(*Vectors)
	if !ok || v.Dim() != DefaultDim {
		t.Fatalf("got %T, want *Vectors with dim %d", vs, DefaultDim)
	}
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d", axis(DefaultDim, 7)...)}); err != nil {
		t.Fatal(err)
	}
	hits, err := v.Search(ctxFor(t), axis(DefaultDim, 7), 5)
	if err != nil || len(hits) != 1 || hits[0].ID != "a" || !near(hits[0].Score, 1) {
		t.Fatalf("search a 1024-d table: %+v %v", hits, err)
	}
}

func near(a, b float32) bool { return a-b < 1e-5 && b-a < 1e-5 }
