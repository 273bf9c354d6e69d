package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hangarhq/hangar/server/llm"
	"github.com/hangarhq/hangar/server/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// chatFunc adapts a function to Chatter.
type chatFunc func(ctx context.Context, req llm.ChatRequest) (string, error)

func (f chatFunc) Chat(ctx context.Context, req llm.ChatRequest) (string, error) { return f(ctx, req) }

// answering returns well-formed extraction and classification answers and
// counts the calls.
func answering(calls *atomic.Int32, category string) chatFunc {
	return func(_ context.Context, req llm.ChatRequest) (string, error) {
		calls.Add(1)
		if req.Purpose == llm.PurposeClassification {
			return fmt.Sprintf(`{"category_id":%q}`, category), nil
		}
		return goodExtraction, nil
	}
}

type fixture struct {
	dir   string
	store *store.Store
	reg   *prometheus.Registry
	p     *Pipeline
}

func newFixture(t *testing.T, chat Chatter, st Store) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir(), reg: prometheus.NewRegistry()}
	s, err := store.Open(t.Context(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	f.store = s
	if st == nil {
		st = s
	}
	f.p, err = New(Config{DataDir: f.dir, LLM: chat, Store: st, Registerer: f.reg})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// files lists every regular file under the data dir.
func (f *fixture) files(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestIngestWritesEverOSLayout(t *testing.T) {
	var calls atomic.Int32
	f := newFixture(t, answering(&calls, "Technology"), nil)
	u := validUpload()
	res, err := f.p.Ingest(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	if !store.ValidDocID(res.DocID) || !res.Created || res.TopicCount != 2 || res.CategoryID != "Technology" {
		t.Fatalf("result = %+v", res)
	}
	wantDir := filepath.Join(f.dir, "default", "default", "knowledge", "Technology", "quarterly_report_"+res.DocID)
	if res.MDPath != filepath.Join(wantDir, "quarterly_report.md") || res.OriginalFilePath != filepath.Join(wantDir, "original", "report.md") {
		t.Fatalf("paths = %s, %s; want under %s", res.MDPath, res.OriginalFilePath, wantDir)
	}
	orig, err := os.ReadFile(res.OriginalFilePath)
	if err != nil || !bytes.Equal(orig, u.Content) {
		t.Errorf("original = %q, %v; want the upload's bytes", orig, err)
	}
	md, err := os.ReadFile(res.MDPath)
	if err != nil || !strings.Contains(string(md), "> [1] Second one.") || !strings.Contains(string(md), "#### A1") {
		t.Errorf("markdown lacks the cited block or the child topic:\n%s", md)
	}
	d, err := f.store.GetDocument(t.Context(), res.DocID)
	if err != nil || d.Status != store.StatusPending || len(d.Topics) != 2 {
		t.Errorf("stored = %+v, %v; want pending with 2 topics", d, err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d LLM calls, want extraction + classification", calls.Load())
	}
}

func TestIngestDuplicateIsIdempotent(t *testing.T) {
	var calls atomic.Int32
	f := newFixture(t, answering(&calls, "Science"), nil)
	first, err := f.p.Ingest(t.Context(), validUpload())
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.p.Ingest(t.Context(), validUpload())
	if err != nil || second.DocID != first.DocID || second.Created {
		t.Fatalf("second upload = %+v, %v; want doc %s, not created", second, err, first.DocID)
	}
	if calls.Load() != 2 {
		t.Errorf("%d LLM calls, want 2 (the duplicate skips the LLM)", calls.Load())
	}
	if n := len(f.files(t)); n != 2 {
		t.Errorf("%d files on disk, want 2 (one copy)", n)
	}
	other := validUpload()
	other.ProjectID = "elsewhere"
	if res, err := f.p.Ingest(t.Context(), other); err != nil || res.DocID == first.DocID {
		t.Errorf("same content in another project = %+v, %v; want a new document", res, err)
	}
}

// Two identical uploads that both pass the duplicate check race to commit:
// one creates, the other gets the same doc id and its files are removed.
func TestIngestConcurrentDuplicates(t *testing.T) {
	var arrived sync.WaitGroup
	arrived.Add(2)
	chat := chatFunc(func(_ context.Context, req llm.ChatRequest) (string, error) {
		if req.Purpose == llm.PurposeExtraction {
			arrived.Done()
			arrived.Wait() // both are past FindByContent
		}
		return goodExtraction, nil
	})
	f := newFixture(t, chat, nil)
	u := validUpload()
	u.CategoryID = "Legal"
	results := make([]Result, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			var err error
			if results[i], err = f.p.Ingest(t.Context(), u); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if results[0].DocID != results[1].DocID || results[0].Created == results[1].Created {
		t.Fatalf("results = %+v; want one created and one duplicate of the same doc", results)
	}
	if n := len(f.files(t)); n != 2 {
		t.Errorf("%d files on disk, want 2 (the loser's copy removed)", n)
	}
}

func TestIngestFailuresWriteNothing(t *testing.T) {
	busy := failingStore{err: fmt.Errorf("create document: %w", store.ErrBusy)}
	tests := []struct {
		name    string
		chat    chatFunc
		store   Store
		upload  func(*Upload)
		wantErr func(error) bool
		outcome string
	}{
		{"llm garbage", func(context.Context, llm.ChatRequest) (string, error) { return "the topics are: A, B", nil }, nil, nil,
			func(err error) bool { c, _ := CodeOf(err); return c == CodeExtractionEmpty }, "extraction_empty"},
		{"llm down", func(context.Context, llm.ChatRequest) (string, error) {
			return "", &llm.Error{Kind: llm.ErrBreakerOpen}
		}, nil, nil, func(err error) bool { return errors.Is(err, llm.ErrBreakerOpen) }, "llm_error"},
		{"store busy", answering(new(atomic.Int32), "Others"), busy, nil,
			func(err error) bool { return errors.Is(err, store.ErrBusy) }, "busy"},
		{"invalid title", answering(new(atomic.Int32), "Others"), nil, func(u *Upload) { u.Title = "../x" },
			func(err error) bool { c, _ := CodeOf(err); return c == CodePathTraversal }, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.chat, tt.store)
			u := validUpload()
			if tt.upload != nil {
				tt.upload(&u)
			}
			_, err := f.p.Ingest(t.Context(), u)
			if !tt.wantErr(err) {
				t.Fatalf("Ingest: %v", err)
			}
			if files := f.files(t); len(files) != 0 {
				t.Errorf("files left on disk: %v", files)
			}
			if entries, _ := os.ReadDir(f.dir); len(entries) > 0 && tt.name != "store busy" {
				t.Errorf("directories created: %v", entries)
			}
			list, _ := f.store.ListDocuments(t.Context(), store.ListOptions{})
			if list.Total != 0 {
				t.Errorf("%d documents stored", list.Total)
			}
			if n := testutil.ToFloat64(f.p.outcomes.WithLabelValues(tt.outcome)); n != 1 {
				t.Errorf("outcome %s counted %v times, want 1", tt.outcome, n)
			}
		})
	}
}

func TestClassifierGarbageIsOthers(t *testing.T) {
	chat := chatFunc(func(_ context.Context, req llm.ChatRequest) (string, error) {
		if req.Purpose == llm.PurposeClassification {
			return "", &llm.Error{Kind: llm.ErrBadResponse}
		}
		return goodExtraction, nil
	})
	f := newFixture(t, chat, nil)
	res, err := f.p.Ingest(t.Context(), validUpload())
	if err != nil || res.CategoryID != OthersCategory {
		t.Fatalf("Ingest = %+v, %v; want category Others", res, err)
	}
}

func TestSweepTemp(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "a", "p", "knowledge", "X", tempPrefix+"doc-123")
	keep := filepath.Join(dir, "a", "p", "knowledge", "X", "doc_d_000000000000")
	for _, d := range []string{stale, keep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := SweepTemp(dir); err != nil || n != 1 {
		t.Fatalf("SweepTemp = %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Error("stale temp dir survived")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Error("a published dir was removed")
	}
}

type failingStore struct{ err error }

func (s failingStore) FindByContent(context.Context, string, string, string, string) (store.Document, error) {
	return store.Document{}, store.ErrNotFound
}

func (s failingStore) CreateDocument(context.Context, store.Document) (store.Document, bool, error) {
	return store.Document{}, false, s.err
}
