package server

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// memBackend is a vector backend kept outside SQLite, like LanceDB: rows
// the document transaction does not touch. Registered for these tests only.
const memBackend = "memtest"

// failBackend cannot be opened.
const failBackend = "failtest"

var (
	memMu   sync.Mutex
	memOpen = map[string]*memVectors{} // by store dir
)

func init() {
	store.RegisterVectorBackend(memBackend, func(_ context.Context, st *store.Store) (store.VectorStore, error) {
		v := &memVectors{rows: map[string]store.TopicRow{}}
		memMu.Lock()
		memOpen[st.Dir()] = v
		memMu.Unlock()
		return v, nil
	})
	store.RegisterVectorBackend(failBackend, func(context.Context, *store.Store) (store.VectorStore, error) {
		return nil, errors.New("backend refuses to open")
	})
}

func memVectorsOf(t testing.TB, dir string) *memVectors {
	t.Helper()
	memMu.Lock()
	defer memMu.Unlock()
	v, ok := memOpen[dir]
	if !ok {
		t.Fatalf("no %s backend opened for %s", memBackend, dir)
	}
	return v
}

type memVectors struct {
	mu      sync.Mutex
	rows    map[string]store.TopicRow
	deletes []string // doc ids passed to DeleteByDoc
	closed  bool
}

func (m *memVectors) Upsert(_ context.Context, rows []store.TopicRow) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return store.ErrClosed
	}
	for _, r := range rows {
		m.rows[r.ID] = r
	}
	return nil
}

func (m *memVectors) DeleteByDoc(_ context.Context, docID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return store.ErrClosed
	}
	m.deletes = append(m.deletes, docID)
	for id, r := range m.rows {
		if r.DocID == docID {
			delete(m.rows, id)
		}
	}
	return nil
}

func (m *memVectors) Search(_ context.Context, vec []float32, k int) ([]store.Hit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, store.ErrClosed
	}
	hits := make([]store.Hit, 0, len(m.rows))
	for _, r := range m.rows {
		hits = append(hits, store.Hit{ID: r.ID, DocID: r.DocID, CategoryID: r.CategoryID, TopicName: r.TopicName,
			Summary: r.Summary, MDPath: r.MDPath, Score: cosine(vec, r.Vector)})
	}
	slices.SortFunc(hits, func(a, b store.Hit) int {
		if a.Score != b.Score {
			return -cmpFloat(a.Score, b.Score)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return hits[:min(k, len(hits))], nil
}

func (m *memVectors) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

// docRows counts the rows of docID and reports whether the backend is closed.
func (m *memVectors) docRows(docID string) (n int, deletes []string, closed bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.rows {
		if r.DocID == docID {
			n++
		}
	}
	return n, slices.Clone(m.deletes), m.closed
}

func cmpFloat(a, b float32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cosine(a, b []float32) float32 {
	if len(a) != len(b) {
		return -2
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return float32(dot / math.Sqrt(na*nb))
}

func TestConfigStore(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string // substring of the error; "" means valid
	}{
		{"default", store.DefaultVectorBackend, ""},
		{"empty means default", "", ""},
		{"registered backend", memBackend, ""},
		{"unknown", "x", `store "x" unknown (have failtest, memtest, sqlite; lancedb needs a build with -tags lancedb)`},
		{"lancedb without the tag", "lancedb", `store "lancedb" unknown`},
		{"case matters", "SQLite", `store "SQLite" unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, "http://127.0.0.1:1")
			cfg.Store = tt.give
			_, err := New(cfg)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("New: %v; want an error containing %q", err, tt.want)
			}
		})
	}
	if got := DefaultConfig().Store; got != store.DefaultVectorBackend {
		t.Errorf("default store %q, want %q", got, store.DefaultVectorBackend)
	}
}

// The server indexes, searches and deletes through the configured backend:
// with vectors outside SQLite, only the server's DeleteByDoc removes a
// deleted document's rows (the document transaction cannot).
func TestStoreBackendIndexSearchDelete(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Store = memBackend })
	f.requireExtraction()
	var ids []string
	for _, title := range []string{"Alpha notes", "Beta notes"} {
		r := f.upload(doc(title, sampleDoc+"\n\n"+title))
		if r.Status != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", title, r.Status, r.Body)
		}
		ids = append(ids, decodeData[created](t, r).DocID)
	}
	f.waitIndexed(2, 20*time.Second)
	mem := memVectorsOf(t, f.cfg.DataDir)
	for _, id := range ids {
		if n, _, _ := mem.docRows(id); n == 0 {
			t.Fatalf("no vectors of %s in the %s backend", id, memBackend)
		}
	}
	if docs := f.searchDocs(`{"query":"Alpha notes","top_k":100}`); !slices.Contains(docs, ids[0]) || !slices.Contains(docs, ids[1]) {
		t.Fatalf("search hits of docs %v; want both %v (served by the %s backend)", docs, ids, memBackend)
	}

	if del := f.mustDo("DELETE", "/api/v1/knowledge/documents/"+ids[0], "", nil); del.Status != 200 {
		t.Fatalf("delete: %d %s", del.Status, del.Body)
	}
	n, deletes, _ := mem.docRows(ids[0])
	if n != 0 || !slices.Contains(deletes, ids[0]) {
		t.Errorf("after delete: %d rows of %s left, DeleteByDoc calls %v", n, ids[0], deletes)
	}
	if n, _, _ := mem.docRows(ids[1]); n == 0 {
		t.Errorf("deleting %s removed the vectors of %s too", ids[0], ids[1])
	}
	if docs := f.searchDocs(`{"query":"Alpha notes","top_k":100}`); slices.Contains(docs, ids[0]) || !slices.Contains(docs, ids[1]) {
		t.Errorf("search after delete hits docs %v; want %s only", docs, ids[1])
	}
	// An unknown document is a 404 that never reaches the vector store.
	before := len(deletes)
	if r := f.mustDo("DELETE", "/api/v1/knowledge/documents/d_0123456789ab", "", nil); r.Status != 404 {
		t.Errorf("delete unknown: %d %s", r.Status, r.Body)
	}
	if _, deletes, _ := mem.docRows(ids[0]); len(deletes) != before {
		t.Errorf("DeleteByDoc called for an unknown document: %v", deletes[before:])
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, closed := mem.docRows(ids[1]); !closed {
		t.Error("shutdown left the vector backend open")
	}
}

// A backend that fails to open fails Start, which closes the store again
// (goleak in TestMain catches a writer goroutine left behind).
func TestStoreBackendOpenFails(t *testing.T) {
	cfg := testConfig(t, "http://127.0.0.1:1")
	cfg.Store = failBackend
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = srv.Start(t.Context())
	if err == nil || !strings.Contains(err.Error(), "vector store: backend refuses to open") {
		t.Fatalf("Start: %v; want the backend's open error", err)
	}
	if err := srv.Shutdown(t.Context()); err != nil {
		t.Errorf("shutdown after a failed start: %v", err)
	}
}

func (f *fixture) searchDocs(body string) []string {
	f.t.Helper()
	r := f.mustDo("POST", "/api/v1/knowledge/search", "application/json", []byte(body))
	if r.Status != 200 {
		f.t.Fatalf("search: %d %s", r.Status, r.Body)
	}
	var docs []string
	for _, h := range decodeData[searchJSON](f.t, r).Hits {
		docs = append(docs, h.DocID)
	}
	return docs
}
