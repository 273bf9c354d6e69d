package load

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func docs(i int) (Doc, error) {
	return Doc{Title: fmt.Sprintf("doc %d", i), Filename: fmt.Sprintf("d%d.md", i),
		Content: []byte(fmt.Sprintf("# Doc %d\n\nbody %d\n", i, i))}, nil
}

// recorder is an upload endpoint that remembers every file part and tracks
// the peak number of uploads in flight.
type recorder struct {
	mu       sync.Mutex
	files    []string
	inflight atomic.Int32
	peak     atomic.Int32
	hold     chan struct{} // when non-nil, each upload waits for a value
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := rc.inflight.Add(1)
	defer rc.inflight.Add(-1)
	for p := rc.peak.Load(); n > p && !rc.peak.CompareAndSwap(p, n); p = rc.peak.Load() {
	}
	f, _, err := r.FormFile("file") // reads the whole body
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b, _ := io.ReadAll(f)
	rc.mu.Lock()
	rc.files = append(rc.files, string(b))
	rc.mu.Unlock()
	if rc.hold != nil {
		select {
		case <-rc.hold:
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"request_id":"r","data":{"doc_id":"d_%012d"}}`, len(b))
}

func TestRunDistinctBodiesAndOrdinals(t *testing.T) {
	rc := &recorder{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	var got []Result
	sum, err := Run(context.Background(), Config{URL: srv.URL, Count: 6, Concurrency: 2},
		SourceFunc(docs), nil, func(r Result) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sent != 6 || len(got) != 6 || sum.Statuses["201"] != 6 {
		t.Fatalf("sent %d, observed %d, statuses %v; want 6 201s", sum.Sent, len(got), sum.Statuses)
	}
	seen := map[int]bool{}
	for _, r := range got {
		if r.Status != 201 || !strings.HasPrefix(r.DocID, "d_") || r.Title != fmt.Sprintf("doc %d", r.Ordinal-1) {
			t.Errorf("upload %d: %+v", r.Ordinal, r)
		}
		seen[r.Ordinal] = true
	}
	if len(seen) != 6 {
		t.Errorf("ordinals %v, want 1..6 once each", seen)
	}
	distinct := map[string]bool{}
	for _, f := range rc.files {
		distinct[f] = true
	}
	if len(distinct) != 6 {
		t.Errorf("server saw %d distinct bodies, want 6", len(distinct))
	}
}

func TestRunBoundsWorkers(t *testing.T) {
	rc := &recorder{hold: make(chan struct{})}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = Run(context.Background(), Config{URL: srv.URL, Count: 12, Concurrency: 3},
			SourceFunc(docs), nil, func(Result) {})
	}()
	for i := 0; i < 12; i++ {
		rc.hold <- struct{}{} // each send releases one held upload
	}
	<-done
	if p := rc.peak.Load(); p > 3 || p < 1 {
		t.Fatalf("peak in flight %d, want 1..3 (MaxWorkers)", p)
	}
}

func TestRunHungTargetCancelled(t *testing.T) {
	arrived := make(chan struct{}, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // lets the server notice the client leaving
		arrived <- struct{}{}
		<-r.Context().Done() // a target that never answers
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	var got []Result
	_, err := Run(ctx, Config{URL: srv.URL, Count: 5, Concurrency: 1, Timeout: time.Hour},
		SourceFunc(docs), nil, func(r Result) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) == 5 {
		t.Fatalf("%d results; want the in-flight upload(s) cancelled and the rest never sent", len(got))
	}
	for _, r := range got {
		if r.Status != 0 || !strings.Contains(r.Error, "context canceled") {
			t.Errorf("upload %d: %+v; want cancelled", r.Ordinal, r)
		}
	}
}

func TestRunPerUploadTimeout(t *testing.T) {
	rc := &recorder{hold: make(chan struct{})}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	var got []Result
	_, err := Run(context.Background(), Config{URL: srv.URL, Count: 2, Timeout: 20 * time.Millisecond},
		SourceFunc(docs), nil, func(r Result) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.Status != 0 || !strings.Contains(r.Error, "upload timed out after 20ms") {
			t.Errorf("upload %d: %+v; want a timeout", r.Ordinal, r)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d results, want 2", len(got))
	}
}

func TestRunGateHoldsUploads(t *testing.T) {
	var answered atomic.Int32
	var arrivals atomic.Int32
	var early atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The 4th upload may reach the server only after 3 were answered.
		if arrivals.Add(1) == 4 && answered.Load() < 3 {
			early.Add(1)
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	three := make(chan struct{})
	gate := GateFunc(func(ctx context.Context, n int) error {
		if n != 4 {
			return nil
		}
		select {
		case <-three:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	_, err := Run(context.Background(), Config{URL: srv.URL, Count: 6, Concurrency: 2},
		SourceFunc(docs), gate, func(Result) {
			if answered.Add(1) == 3 {
				close(three)
			}
		})
	if err != nil || early.Load() != 0 || arrivals.Load() != 6 {
		t.Fatalf("err %v, early %d, arrivals %d", err, early.Load(), arrivals.Load())
	}
}

func TestRunErrorEnvelope(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"request_id":"r","error":{"code":"LLM_UNAVAILABLE","message":"breaker open"}}`)
	}))
	defer srv.Close()
	var got []Result
	_, err := Run(context.Background(), Config{URL: srv.URL, Count: 1}, SourceFunc(docs), nil,
		func(r Result) { got = append(got, r) })
	if err != nil || len(got) != 1 || got[0].Status != 503 || got[0].Error != "LLM_UNAVAILABLE: breaker open" {
		t.Fatalf("err %v results %+v", err, got)
	}
}

func TestRunSourceError(t *testing.T) {
	srv := httptest.NewServer(&recorder{})
	defer srv.Close()
	src := SourceFunc(func(i int) (Doc, error) {
		if i == 2 {
			return Doc{}, fmt.Errorf("corpus exhausted")
		}
		return docs(i)
	})
	_, err := Run(context.Background(), Config{URL: srv.URL, Count: 5}, src, nil, func(Result) {})
	if err == nil || !strings.Contains(err.Error(), "upload 3: corpus exhausted") {
		t.Fatalf("err %v, want upload 3 corpus error", err)
	}
}

func TestPacer(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		give     pacer
		elapsed  time.Duration
		hits     uint64
		wantWait time.Duration
		wantStop bool
	}{
		{"first immediately", pacer{ctx, 3, time.Second}, 0, 0, 0, false},
		{"second waits", pacer{ctx, 3, time.Second}, 200 * time.Millisecond, 1, 800 * time.Millisecond, false},
		{"behind sends now", pacer{ctx, 3, time.Second}, 5 * time.Second, 2, 0, false},
		{"count reached", pacer{ctx, 3, time.Second}, 0, 3, 0, true},
		{"back to back", pacer{ctx, 3, 0}, 0, 2, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, s := tt.give.Pace(tt.elapsed, tt.hits)
			if w != tt.wantWait || s != tt.wantStop {
				t.Fatalf("Pace = %s,%v; want %s,%v", w, s, tt.wantWait, tt.wantStop)
			}
		})
	}
}

func TestTrimURLError(t *testing.T) {
	tests := []struct{ give, want string }{
		{`Post "http://127.0.0.1:1/api/v1/knowledge/documents?hangar_upload=4": upload timed out after 30s`, "upload timed out after 30s"},
		{`Post "http://x": dial tcp: connection refused`, "dial tcp: connection refused"},
		{`Put "http://x/v1/objects?hangar_upload=2": EOF`, "EOF"},
		{"EOF", "EOF"},
		{`dial "x": y`, `dial "x": y`},
	}
	for _, tt := range tests {
		if got := trimURLError(tt.give); got != tt.want {
			t.Errorf("trimURLError(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
