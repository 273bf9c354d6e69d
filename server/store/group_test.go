package store_test

import (
	"database/sql"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/hangarhq/hangar/server/store"
)

// durability watches a store through its SyncHook: which paths a finished
// file sync covered, which documents a finished commit made visible, and
// which CreateDocument calls have returned.
type durability struct {
	t        *testing.T
	ro       *sql.DB
	mu       sync.Mutex
	synced   map[string]bool // paths covered by a file sync that returned
	visible  map[string]bool // doc ids committed by a durable commit that returned
	returned map[string]bool // doc ids whose CreateDocument returned
	paths    map[string][]string
	syncs    map[string]int // before-events by kind
}

func newDurability(t *testing.T) *durability {
	return &durability{t: t, synced: map[string]bool{}, visible: map[string]bool{},
		returned: map[string]bool{}, paths: map[string][]string{}, syncs: map[string]int{}}
}

// hook is the store's SyncHook. Before every sync it lets every other
// goroutine run until blocked, then checks that no caller whose document
// is not yet covered by a finished commit has been answered. After a
// commit it records what became visible, and checks those documents'
// files were synced by then.
func (d *durability) hook(ev store.SyncEvent) {
	if !ev.After {
		synctest.Wait()
		d.mu.Lock()
		defer d.mu.Unlock()
		d.syncs[ev.Kind]++
		for id := range d.returned {
			if !d.visible[id] {
				d.t.Errorf("%s acknowledged before the sync covering it returned (at %s)", id, ev.Kind)
			}
		}
		return
	}
	if ev.Err != nil {
		d.t.Errorf("%s sync: %v", ev.Kind, ev.Err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if ev.Kind == store.SyncFiles {
		for _, p := range ev.Paths {
			d.synced[p] = true
		}
		return
	}
	for _, id := range d.committed() {
		if d.visible[id] {
			continue
		}
		d.visible[id] = true
		for _, p := range d.paths[id] {
			if !d.synced[p] {
				d.t.Errorf("%s committed before its file %s was synced", id, p)
			}
		}
	}
}

func (d *durability) committed() []string {
	rows, err := d.ro.Query(`SELECT doc_id FROM documents`)
	if err != nil {
		d.t.Fatalf("read committed: %v", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			d.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// writeUnsynced writes a document's file without syncing it and returns
// the paths that need a sync: the file, then its directory.
func writeUnsynced(t *testing.T, dir string, n int) []string {
	sub := filepath.Join(dir, fmt.Sprint("doc", n))
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(sub, "doc.md")
	if err := os.WriteFile(f, []byte("# doc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{f, sub}
}

// TestGroupCommitAnswersOnlyAfterItsSync queues concurrent CreateDocument
// calls behind a held writer so they run as one group, and checks through
// the SyncHook that none returns before the file sync and the commit
// covering it have returned, and that the group shared its syncs.
func TestGroupCommitAnswersOnlyAfterItsSync(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rounds, perRound = 2, 8
		d := newDurability(t)
		st := openStore(t, store.Config{SyncHook: d.hook})
		ro, err := sql.Open("sqlite", "file:"+st.Path()+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		d.ro = ro
		files := t.TempDir()
		for r := range rounds {
			release, err := st.Writer().Hold(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan string, perRound)
			for i := range perRound {
				n := r*perRound + i
				doc := newDoc(n)
				doc.SyncPaths = writeUnsynced(t, files, n)
				d.mu.Lock()
				d.paths[doc.DocID] = doc.SyncPaths
				d.mu.Unlock()
				go func() {
					_, created, err := st.CreateDocument(t.Context(), doc)
					if err != nil || !created {
						t.Errorf("create %s: created %v, %v", doc.DocID, created, err)
					}
					d.mu.Lock()
					d.returned[doc.DocID] = true
					d.mu.Unlock()
					done <- doc.DocID
				}()
			}
			synctest.Wait() // every call is queued behind the hold
			if got := st.Writer().Depth(); got != perRound {
				t.Fatalf("queue depth %d, want %d", got, perRound)
			}
			release()
			for range perRound {
				<-done
			}
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		if len(d.visible) != rounds*perRound {
			t.Errorf("%d documents committed, want %d", len(d.visible), rounds*perRound)
		}
		fileSyncs := rounds // one syncfs per group
		if runtime.GOOS != "linux" {
			fileSyncs = rounds * perRound * 2 // one fsync per path
		}
		want := map[string]int{store.SyncFiles: fileSyncs, store.SyncCommit: rounds}
		if !maps.Equal(d.syncs, want) {
			t.Errorf("syncs %v for %d groups of %d, want %v", d.syncs, rounds, perRound, want)
		}
	})
}
