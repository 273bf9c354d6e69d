package cascade_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/goleak"

	"github.com/hangarhq/hangar/server/cascade"
	"github.com/hangarhq/hangar/server/store"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// hangMarker in a topic summary makes fakeEmbedder block on that call.
const hangMarker = "HANG"

// fakeEmbedder returns 4-d vectors derived from the text; calls whose
// texts contain hangMarker block until release is closed or ctx ends
// (like an LLM that never answers); fail makes every call error.
type fakeEmbedder struct {
	mu      sync.Mutex
	calls   map[string]int // first text -> calls
	release chan struct{}
	fail    error
}

func newEmbedder() *fakeEmbedder {
	return &fakeEmbedder{calls: map[string]int{}, release: make(chan struct{})}
}

func (e *fakeEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	e.calls[texts[0]]++
	fail := e.fail
	e.mu.Unlock()
	if strings.Contains(strings.Join(texts, " "), hangMarker) {
		select {
		case <-e.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if fail != nil {
		return nil, fail
	}
	out := make([][]float32, len(texts))
	for i, s := range texts {
		out[i] = vectorFor(s)
	}
	return out, nil
}

// vectorFor derives a distinct 4-d vector from a text.
func vectorFor(s string) []float32 {
	h := fnv.New64a()
	h.Write([]byte(s))
	x := h.Sum64()
	v := make([]float32, 4)
	for i := range v {
		v[i] = float32(x>>(16*i)&0xffff) - 32768
	}
	return v
}

func (e *fakeEmbedder) callsFor(text string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[text]
}

// env is a store plus a worker inside one synctest bubble.
type env struct {
	t   *testing.T
	dir string
	st  *store.Store
	emb *fakeEmbedder
	reg *prometheus.Registry
	w   *cascade.Worker
	n   int
}

func testConfig() cascade.Config {
	return cascade.Config{InstanceID: "test-instance", Workers: 4, PollInterval: time.Second}
}

// bubble runs fn in a synctest bubble with a fresh store in dir (a temp dir
// when empty); the worker (if started) and the store are closed at the end.
func bubble(t *testing.T, dir string, fn func(e *env)) {
	if dir == "" {
		dir = t.TempDir()
	}
	// Create the outer test context's Done channel outside the bubble: if
	// the bubble creates it (the inner T's context derives from it), a
	// failing test crashes with "close of synctest channel from outside
	// bubble" and hides its own message.
	_ = t.Context().Done()
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(t.Context(), store.Config{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		e := &env{t: t, dir: dir, st: st, emb: newEmbedder(), reg: prometheus.NewPedanticRegistry()}
		defer st.Close()
		defer e.stop()
		fn(e)
	})
}

func (e *env) start(cfg cascade.Config) {
	e.t.Helper()
	cfg.Registerer = e.reg
	w, err := cascade.New(e.st, e.st.Vectors(), e.emb, cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := w.Start(e.t.Context()); err != nil {
		e.t.Fatal(err)
	}
	e.w = w
}

func (e *env) stop() {
	if e.w == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.w.Close(ctx); err != nil {
		e.t.Errorf("close worker: %v", err)
	}
	e.w = nil
}

// upload creates a document with two topics; the first summary is returned
// for embedder lookups. hang makes its embedding call block.
func (e *env) upload(hang bool) (docID, firstText string) {
	e.t.Helper()
	e.n++
	first := fmt.Sprintf("summary %d", e.n)
	if hang {
		first += " " + hangMarker
	}
	d := store.Document{DocID: fmt.Sprintf("d_%012x", e.n), AppID: "app", ProjectID: "p",
		Title: fmt.Sprintf("doc %d", e.n), CategoryID: "Others", MDPath: fmt.Sprintf("/md/%d", e.n),
		ContentSHA256: fmt.Sprintf("%064x", e.n),
		Topics:        []store.Topic{{Name: "t1", Summary: first}, {Name: "t2", Summary: "second"}}}
	if _, _, err := e.st.CreateDocument(e.t.Context(), d); err != nil {
		e.t.Fatal(err)
	}
	return d.DocID, first
}

func (e *env) status(id string) store.Status {
	e.t.Helper()
	d, err := e.st.GetDocument(e.t.Context(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return d.Status
}

func (e *env) doc(id string) store.Document {
	e.t.Helper()
	d, err := e.st.GetDocument(e.t.Context(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// countStatus counts ids in status s.
func (e *env) countStatus(ids []string, s store.Status) int {
	n := 0
	for _, id := range ids {
		if e.status(id) == s {
			n++
		}
	}
	return n
}

// settle advances virtual time by d and waits until every goroutine in the
// bubble is blocked again.
func settle(d time.Duration) {
	time.Sleep(d)
	synctest.Wait()
}

// metric returns the value of a gathered counter or gauge; label, when
// given, selects the series whose only label has that value.
func metric(t *testing.T, reg *prometheus.Registry, name string, label ...string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if len(label) > 0 && (len(m.GetLabel()) != 1 || m.GetLabel()[0].GetValue() != label[0]) {
				continue
			}
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	t.Fatalf("metric %s%v not found", name, label)
	return 0
}
