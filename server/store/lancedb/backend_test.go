package lancedb

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lancedb/lancedb-go/pkg/contracts"

	"github.com/hangarhq/hangar/server/store"
	"github.com/hangarhq/hangar/server/store/storetest"
)

// opener opens the backend over a new store in dir. The fake-backed one
// is below; lancedb_test.go (tag lancedb) has the one on the real library.
type opener func(ctx context.Context, st *store.Store, dim int) (*Vectors, error)

func fakeOpener(ctx context.Context, st *store.Store, dim int) (*Vectors, error) {
	return open(ctx, st.Writer(), newFakeDB(filepath.Join(st.Dir(), DefaultSubdir)), Options{Dim: dim})
}

// mustOpen opens a store in dir and the backend on it; both are closed at
// cleanup, the backend first.
func mustOpen(t *testing.T, open opener, dir string, dim int) *Vectors {
	t.Helper()
	v, err := open(ctxFor(t), openStore(t, dir), dim)
	if err != nil {
		t.Fatalf("open backend: %v", err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func openFake(t *testing.T, dir string, dim int) *Vectors { return mustOpen(t, fakeOpener, dir, dim) }

// TestConformanceOnFake runs the store conformance suite against the
// backend over the in-memory fake of lancedb-go's table (fake_test.go):
// every line of the backend runs, only the native library is replaced.
func TestConformanceOnFake(t *testing.T) {
	storetest.RunAll(t, func(t *testing.T, dir string) store.VectorStore { return openFake(t, dir, storetest.Dim) })
}

func TestBackendOnFake(t *testing.T) { runBackendTests(t, fakeOpener) }

// runBackendTests runs the backend's own behaviours beyond the suite.
func runBackendTests(t *testing.T, open opener) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, opener)
	}{
		{"DimensionChecked", testDimensionChecked},
		{"InterruptedUpsertRepaired", testInterruptedUpsertRepaired},
		{"ReplaceKeepsCreatedAt", testReplaceKeepsCreatedAt},
		{"HostileDocIDs", testHostileDocIDs},
		{"Closed", testClosed},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{Dir: dir})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func ctxFor(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func axis(dim, i int) []float32 {
	v := make([]float32, dim)
	v[i%dim] = 1
	return v
}

func count(t *testing.T, v *Vectors) int64 {
	t.Helper()
	var n int64
	err := v.use(func(tbl contracts.ITable) error {
		var err error
		n, err = tbl.Count(ctxFor(t))
		return err
	})
	if err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

func testDimensionChecked(t *testing.T, open opener) {
	dir := t.TempDir()
	v := mustOpen(t, open, dir, 8)
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d", 1, 2, 3)}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("upsert of a 3-d row into an 8-d table: got %v, want ErrInvalid", err)
	}
	if _, err := v.Search(ctxFor(t), []float32{1, 2, 3}, 1); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("3-d query on an 8-d table: got %v, want ErrInvalid", err)
	}
	if n := count(t, v); n != 0 {
		t.Errorf("rows after rejected writes: %d, want 0", n)
	}
	// Opening the same table with another dimension is refused.
	_, err := open(ctxFor(t), openStore(t, dir), 16)
	if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), "column vector has 8 dimensions, the backend is configured for 16") {
		t.Errorf("reopen with dim 16: got %v, want ErrInvalid naming both dimensions", err)
	}
}

// testInterruptedUpsertRepaired: an upsert that added its new version and
// has not (yet) deleted the old one leaves two versions of the id: a search
// meanwhile keeps the newest and still returns k distinct ids, and when the
// process dies there, the next open deletes the older version.
func testInterruptedUpsertRepaired(t *testing.T, open opener) {
	dir := t.TempDir()
	v := mustOpen(t, open, dir, 4)
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d", axis(4, 0)...), topic("b", "d", 1, 1, 0, 0)}); err != nil {
		t.Fatal(err)
	}
	newer := topic("a", "d2", axis(4, 2)...)
	newer.Summary = "newer"
	addOnly(t, v, newer) // the add half of an upsert; it never finishes
	if n := count(t, v); n != 3 {
		t.Fatalf("rows after the half upsert: %d, want 3 (two versions of a)", n)
	}
	hits, err := v.Search(ctxFor(t), axis(4, 0), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].ID != "b" || hits[1].ID != "a" || hits[1].Summary != "newer" {
		t.Fatalf("search with a stale version present: got %+v, want b then the newer a", hits)
	}
	v.Close()

	re := mustOpen(t, open, dir, 4)
	if n := count(t, re); n != 2 {
		t.Errorf("rows after reopening: %d, want 2 (the stale version deleted)", n)
	}
	hits, err = re.Search(ctxFor(t), axis(4, 2), 1)
	if err != nil || len(hits) != 1 || hits[0].ID != "a" || hits[0].DocID != "d2" {
		t.Errorf("after repair: got %+v %v, want the newer a", hits, err)
	}
}

func addOnly(t *testing.T, v *Vectors, r store.TopicRow) {
	t.Helper()
	rows, err := prepare([]store.TopicRow{r}, v.dim)
	if err != nil {
		t.Fatal(err)
	}
	err = v.w.Do(ctxFor(t), func(ctx context.Context) error {
		rows[0].updated = v.stamp.next()
		rows[0].created = rows[0].updated
		v.gen.Add(1) // as replace does; the matching Add never comes
		return v.use(func(tbl contracts.ITable) error { return v.add(ctx, tbl, rows) })
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testReplaceKeepsCreatedAt(t *testing.T, open opener) {
	v := mustOpen(t, open, t.TempDir(), 4)
	r := topic("a", "d", axis(4, 1)...)
	if err := v.Upsert(ctxFor(t), []store.TopicRow{r}); err != nil {
		t.Fatal(err)
	}
	first := versionsOf(t, v)
	r.Summary = "changed"
	if err := v.Upsert(ctxFor(t), []store.TopicRow{r}); err != nil {
		t.Fatal(err)
	}
	second := versionsOf(t, v)
	if len(first) != 1 || len(second) != 1 {
		t.Fatalf("versions: %+v then %+v, want one each", first, second)
	}
	if first[0].created == 0 || second[0].created != first[0].created || second[0].updated <= first[0].updated {
		t.Errorf("replace: created %d -> %d, updated %d -> %d; want created set and kept, updated later",
			first[0].created, second[0].created, first[0].updated, second[0].updated)
	}
}

func versionsOf(t *testing.T, v *Vectors) []stored {
	t.Helper()
	var out []stored
	err := v.use(func(tbl contracts.ITable) error {
		var err error
		out, err = v.versions(ctxFor(t), tbl, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func testHostileDocIDs(t *testing.T, open opener) {
	v := mustOpen(t, open, t.TempDir(), 4)
	rows := []store.TopicRow{topic("a", "it's", axis(4, 0)...), topic("b", "x' OR '1'='1", axis(4, 1)...)}
	if err := v.Upsert(ctxFor(t), rows); err != nil {
		t.Fatal(err)
	}
	if err := v.DeleteByDoc(ctxFor(t), "x' OR '1'='1"); err != nil {
		t.Fatal(err)
	}
	if err := v.DeleteByDoc(ctxFor(t), "bad\x00"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("doc id with NUL: got %v, want ErrInvalid", err)
	}
	hits, err := v.Search(ctxFor(t), axis(4, 0), 10)
	if err != nil || len(hits) != 1 || hits[0].DocID != "it's" {
		t.Errorf("after deleting the quoted doc: got %+v %v, want only it's", hits, err)
	}
}

func testClosed(t *testing.T, open opener) {
	v := mustOpen(t, open, t.TempDir(), 4)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d", axis(4, 0)...)}); !errors.Is(err, store.ErrClosed) {
		t.Errorf("upsert after close: got %v, want ErrClosed", err)
	}
	if err := v.DeleteByDoc(ctxFor(t), "d"); !errors.Is(err, store.ErrClosed) {
		t.Errorf("delete after close: got %v, want ErrClosed", err)
	}
	if _, err := v.Search(ctxFor(t), axis(4, 0), 1); !errors.Is(err, store.ErrClosed) {
		t.Errorf("search after close: got %v, want ErrClosed", err)
	}
}

// TestFailedDeleteOnFake: when the delete half of an upsert fails, the
// upsert reports it, reads already show the new version only, and the next
// open removes the old one.
func TestFailedDeleteOnFake(t *testing.T) {
	dir := t.TempDir()
	v := openFake(t, dir, 4)
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d1", axis(4, 0)...)}); err != nil {
		t.Fatal(err)
	}
	v.tbl.(*fakeTable).failDeletes = 1
	err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d2", axis(4, 1)...)})
	if err == nil || !strings.Contains(err.Error(), "delete replaced versions") {
		t.Fatalf("upsert whose delete failed: got %v", err)
	}
	hits, err := v.Search(ctxFor(t), axis(4, 0), 5)
	if err != nil || len(hits) != 1 || hits[0].DocID != "d2" {
		t.Fatalf("search: got %+v %v, want only the new version (d2)", hits, err)
	}
	if n := count(t, v); n != 2 {
		t.Fatalf("rows after the failed delete: %d, want 2 (both versions of a)", n)
	}
	// The next write repairs first.
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("b", "d3", axis(4, 2)...)}); err != nil {
		t.Fatal(err)
	}
	if n, dirty := count(t, v), v.dirty.Load(); n != 2 || dirty {
		t.Errorf("after the next write: %d rows, dirty %v; want 2 (a and b), false", n, dirty)
	}
}

// TestCrashAfterFailedDeleteOnFake: a process that dies with a failed
// delete not yet repaired leaves two versions; the next open repairs.
func TestCrashAfterFailedDeleteOnFake(t *testing.T) {
	dir := t.TempDir()
	v := openFake(t, dir, 4)
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d1", axis(4, 0)...)}); err != nil {
		t.Fatal(err)
	}
	v.tbl.(*fakeTable).failDeletes = 1
	if err := v.Upsert(ctxFor(t), []store.TopicRow{topic("a", "d2", axis(4, 1)...)}); err == nil {
		t.Fatal("upsert whose delete failed reported success")
	}
	v.Close()
	re := openFake(t, dir, 4)
	if n := count(t, re); n != 1 {
		t.Errorf("rows after reopening: %d, want 1", n)
	}
	if hits, err := re.Search(ctxFor(t), axis(4, 1), 1); err != nil || len(hits) != 1 || hits[0].DocID != "d2" {
		t.Errorf("after repair: %+v %v, want a from d2", hits, err)
	}
}

// TestDeadlineBeforeAddOnFake: an upsert whose deadline ends while it
// reads the stored versions writes nothing and says busy.
func TestDeadlineBeforeAddOnFake(t *testing.T) {
	v := openFake(t, t.TempDir(), 4)
	ctx, cancel := context.WithCancel(t.Context())
	rows, err := prepare([]store.TopicRow{topic("a", "d", axis(4, 0)...)}, 4)
	if err != nil {
		t.Fatal(err)
	}
	err = v.w.Do(ctxFor(t), func(context.Context) error {
		cancel() // the caller gives up once the write has started
		return v.use(func(tbl contracts.ITable) error { return v.upsert(ctx, tbl, rows) })
	})
	if !errors.Is(err, store.ErrBusy) || !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want ErrBusy and Canceled", err)
	}
	if n := count(t, v); n != 0 {
		t.Errorf("rows: %d, want 0", n)
	}
}
