package store_test

import (
	"context"
	"fmt"
	"testing"

	"go.uber.org/goleak"

	"github.com/hangarhq/hangar/server/store"
	"github.com/hangarhq/hangar/server/store/storetest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestConformance(t *testing.T) {
	storetest.RunAll(t, func(t *testing.T, dir string) store.VectorStore {
		return openStore(t, store.Config{Dir: dir}).Vectors()
	})
}

func openStore(t testing.TB, cfg store.Config) *store.Store {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newDoc returns a valid document whose id and hash derive from n.
func newDoc(n int, topics ...string) store.Document {
	d := store.Document{
		DocID:         fmt.Sprintf("d_%012x", n),
		AppID:         "app",
		ProjectID:     "proj",
		Title:         fmt.Sprintf("doc %d", n),
		CategoryID:    "Others",
		SourceName:    fmt.Sprintf("doc%d.txt", n),
		SourceType:    "txt",
		MDPath:        fmt.Sprintf("/data/app/proj/knowledge/Others/doc_%d/doc.md", n),
		ContentSHA256: fmt.Sprintf("%064x", n),
	}
	for _, s := range topics {
		d.Topics = append(d.Topics, store.Topic{Name: s, Summary: "about " + s})
	}
	return d
}

func mustCreate(t *testing.T, st *store.Store, d store.Document) store.Document {
	t.Helper()
	got, created, err := st.CreateDocument(t.Context(), d)
	if err != nil || !created {
		t.Fatalf("create %s: created=%v err=%v", d.DocID, created, err)
	}
	return got
}
