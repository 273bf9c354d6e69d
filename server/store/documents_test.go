package store_test

import (
	"errors"
	"testing"
	"testing/synctest"

	"github.com/hangarhq/hangar/server/store"
)

func TestCreateDocumentIdempotent(t *testing.T) {
	st := openStore(t, store.Config{})
	first := mustCreate(t, st, newDoc(1, "alpha", "beta"))
	if first.Status != store.StatusPending || first.TopicCount != 2 || first.CreatedAt.IsZero() {
		t.Fatalf("new document: %+v; want pending, 2 topics, created_at set", first)
	}
	for _, tc := range []struct {
		name    string
		give    func(d *store.Document)
		created bool
	}{
		{"same identity, new id", func(d *store.Document) { d.DocID = "d_aaaaaaaaaaaa" }, false},
		{"other title", func(d *store.Document) { d.DocID, d.Title = "d_bbbbbbbbbbbb", "renamed" }, true},
		{"other project", func(d *store.Document) { d.DocID, d.ProjectID = "d_cccccccccccc", "p2" }, true},
		{"other content", func(d *store.Document) { d.DocID, d.ContentSHA256 = "d_dddddddddddd", "ff" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDoc(1, "alpha", "beta")
			tc.give(&d)
			got, created, err := st.CreateDocument(t.Context(), d)
			if err != nil {
				t.Fatal(err)
			}
			if created != tc.created {
				t.Fatalf("created: got %v, want %v", created, tc.created)
			}
			if !created && got.DocID != first.DocID {
				t.Fatalf("duplicate returned %s, want the existing %s", got.DocID, first.DocID)
			}
		})
	}
	res, err := st.ListDocuments(t.Context(), store.ListOptions{})
	if err != nil || res.Total != 4 {
		t.Fatalf("documents after one duplicate and three distinct: total %d err %v, want 4", res.Total, err)
	}
	dup, err := st.FindByContent(t.Context(), "app", "proj", "doc 1", first.ContentSHA256)
	if err != nil || dup.DocID != first.DocID {
		t.Fatalf("FindByContent: %v %v", dup.DocID, err)
	}
}

func TestCreateDocumentRejectsInvalid(t *testing.T) {
	st := openStore(t, store.Config{})
	for _, tc := range []struct {
		name string
		give func(d *store.Document)
	}{
		{"bad id", func(d *store.Document) { d.DocID = "d_XYZ" }},
		{"id without prefix", func(d *store.Document) { d.DocID = "x_0123456789ab" }},
		{"empty title", func(d *store.Document) { d.Title = "  " }},
		{"no content hash", func(d *store.Document) { d.ContentSHA256 = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDoc(7)
			tc.give(&d)
			if _, _, err := st.CreateDocument(t.Context(), d); !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
		})
	}
	if res, _ := st.ListDocuments(t.Context(), store.ListOptions{}); res.Total != 0 {
		t.Fatalf("invalid creates wrote %d documents", res.Total)
	}
}

func TestListDocumentsPagesAndFilters(t *testing.T) {
	st := openStore(t, store.Config{})
	for n := 1; n <= 7; n++ {
		d := newDoc(n)
		if n%2 == 0 {
			d.CategoryID = "Tech"
		}
		mustCreate(t, st, d)
	}
	for _, tc := range []struct {
		name      string
		give      store.ListOptions
		wantTotal int
		wantLen   int
		wantFirst string
	}{
		{"first page", store.ListOptions{Page: 1, PageSize: 3}, 7, 3, "d_000000000007"},
		{"last page", store.ListOptions{Page: 3, PageSize: 3}, 7, 1, "d_000000000001"},
		{"past the end", store.ListOptions{Page: 9, PageSize: 3}, 7, 0, ""},
		{"category", store.ListOptions{CategoryID: "Tech"}, 3, 3, "d_000000000006"},
		{"zero options default", store.ListOptions{}, 7, 7, "d_000000000007"},
		{"page size clamped", store.ListOptions{PageSize: 1000}, 7, 7, "d_000000000007"},
		{"other app", store.ListOptions{AppID: "nope"}, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := st.ListDocuments(t.Context(), tc.give)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tc.wantTotal || len(res.Documents) != tc.wantLen {
				t.Fatalf("total %d len %d, want %d %d", res.Total, len(res.Documents), tc.wantTotal, tc.wantLen)
			}
			if tc.wantLen > 0 && res.Documents[0].DocID != tc.wantFirst {
				t.Errorf("first: got %s, want %s", res.Documents[0].DocID, tc.wantFirst)
			}
			for _, d := range res.Documents {
				if d.Status != store.StatusPending {
					t.Errorf("%s status %q, want pending", d.DocID, d.Status)
				}
			}
		})
	}
}

func TestDeleteDocumentRemovesEverything(t *testing.T) {
	st := openStore(t, store.Config{})
	keep, gone := mustCreate(t, st, newDoc(1, "a")), mustCreate(t, st, newDoc(2, "b"))
	vs := st.Vectors()
	err := vs.Upsert(t.Context(), []store.TopicRow{
		{ID: "k", DocID: keep.DocID, Vector: []float32{1, 0}},
		{ID: "g", DocID: gone.DocID, Vector: []float32{1, 0.1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteDocument(t.Context(), gone.DocID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetDocument(t.Context(), gone.DocID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("get deleted: %v, want ErrNotFound", err)
	}
	if err := st.DeleteDocument(t.Context(), gone.DocID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete twice: %v, want ErrNotFound", err)
	}
	hits, _ := vs.Search(t.Context(), []float32{1, 0}, 10)
	if len(hits) != 1 || hits[0].DocID != keep.DocID {
		t.Errorf("vectors after delete: %+v, want only %s", hits, keep.DocID)
	}
	stats, _ := st.QueueStats(t.Context())
	if stats.Counts[store.StatusPending] != 1 {
		t.Errorf("change rows after delete: %v, want 1 pending", stats.Counts)
	}
	// The same content can be uploaded again after a delete.
	if _, created, err := st.CreateDocument(t.Context(), newDoc(2)); err != nil || !created {
		t.Errorf("re-create after delete: created=%v err=%v", created, err)
	}
}

// TestCreateBusyWhenWriterSaturated: with the writer held and its queue
// full, an upload's create fails at once with ErrBusy (the API's 503) and
// writes nothing; once the writer frees up it succeeds.
func TestCreateBusyWhenWriterSaturated(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(t.Context(), store.Config{Dir: dir, QueueSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		release, err := st.Writer().Hold(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		queued := make(chan error, 1)
		go func() { _, _, err := st.CreateDocument(t.Context(), newDoc(1)); queued <- err }()
		synctest.Wait() // the first create is queued behind the hold
		if _, _, err := st.CreateDocument(t.Context(), newDoc(2)); !errors.Is(err, store.ErrBusy) {
			t.Fatalf("create with the queue full: %v, want ErrBusy", err)
		}
		release()
		if err := <-queued; err != nil {
			t.Fatalf("queued create: %v", err)
		}
		if _, err := st.GetDocument(t.Context(), "d_000000000002"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("refused create wrote something: %v", err)
		}
		mustCreate(t, st, newDoc(2))
	})
}
