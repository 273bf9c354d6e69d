package server

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// syncWatch follows the store's syncs: the paths finished file syncs
// covered and the documents finished durable commits made visible.
type syncWatch struct {
	t       testing.TB
	ro      *sql.DB
	mu      sync.Mutex
	synced  map[string]bool
	visible map[string]bool
	syncs   map[string]int
}

func (w *syncWatch) hook(ev store.SyncEvent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !ev.After {
		w.syncs[ev.Kind]++
		return
	}
	if ev.Kind == store.SyncFiles {
		for _, p := range ev.Paths {
			w.synced[p] = true
		}
		return
	}
	rows, err := w.ro.Query(`SELECT doc_id, md_path, original_file_path FROM documents`)
	if err != nil {
		w.t.Errorf("read committed: %v", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id, md, orig string
		if err := rows.Scan(&id, &md, &orig); err != nil {
			w.t.Error(err)
			return
		}
		if !w.visible[id] {
			w.visible[id] = true
			for _, p := range []string{md, orig, filepath.Dir(orig), filepath.Dir(md)} {
				if !w.synced[p] {
					w.t.Errorf("%s committed before %s was synced", id, p)
				}
			}
		}
	}
}

// TestUploadAnsweredAfterItsGroupSync queues concurrent uploads behind the
// held store writer so they commit as one group, and checks that each 201
// arrives only once the commit covering its row has returned, after the
// sync of its files, and that the group shared its syncs.
func TestUploadAnsweredAfterItsGroupSync(t *testing.T) {
	const n = 8
	w := &syncWatch{t: t, synced: map[string]bool{}, visible: map[string]bool{}, syncs: map[string]int{}}
	f := newFixture(t, func(c *Config) { c.StoreSyncHook = w.hook })
	f.requireExtraction()
	ro, err := sql.Open("sqlite", "file:"+f.srv.store.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	w.ro = ro
	release, err := f.srv.store.Writer().Hold(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	results := make(chan response, n)
	for i := range n {
		ct, body := doc(fmt.Sprint("Durable ", i), fmt.Sprintf("Paragraph one of %d.\n\nParagraph two.", i)).encode()
		go func() {
			r, err := f.do("POST", "/api/v1/knowledge/documents", ct, body)
			if err != nil {
				t.Error(err)
			}
			results <- r
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); f.srv.store.Writer().Depth() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d uploads reached the store queue, want %d", f.srv.store.Writer().Depth(), n)
		}
		time.Sleep(time.Millisecond) // waiting on the uploads' LLM calls
	}
	release()
	for range n {
		r := <-results
		if r.Status != 201 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		id := decodeData[created](t, r).DocID
		w.mu.Lock()
		if !w.visible[id] {
			t.Errorf("201 for %s before the commit covering it returned", id)
		}
		w.mu.Unlock()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.syncs[store.SyncCommit] >= n {
		t.Errorf("%d durable commits for %d uploads queued together: no group commit", w.syncs[store.SyncCommit], n)
	}
}
