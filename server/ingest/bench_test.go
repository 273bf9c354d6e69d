package ingest

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// BenchmarkPerDoc is the server's own cost per uploaded document without
// HTTP or a real LLM: the instant fake answers, so what is left is hashing,
// rendering, the files and the store commit, including every sync. conc
// pipelines ingest at once, as concurrent uploads do. fsyncs/doc counts
// the store's durability syncs (SyncHook: syncfs or fsync of files, and
// WAL-fsyncing commits) per document.
func BenchmarkPerDoc(b *testing.B) {
	for _, size := range []int{8 << 10, 80 << 10} {
		for _, conc := range []int{1, 8} {
			b.Run(fmt.Sprintf("%dKB/conc=%d", size>>10, conc), func(b *testing.B) { benchPerDoc(b, size, conc) })
		}
	}
}

func benchPerDoc(b *testing.B, size, conc int) {
	var syncs atomic.Int64
	count := func(ev store.SyncEvent) {
		if !ev.After {
			syncs.Add(1)
		}
	}
	st, err := store.Open(b.Context(), store.Config{Dir: b.TempDir(), SyncHook: count})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	var calls atomic.Int32
	p, err := New(Config{DataDir: b.TempDir(), LLM: answering(&calls, "Technology"), Store: st})
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(strings.Repeat(strings.Repeat("word ", 40)+"\n\n", size/202+1)[:size])
	next := make(chan int)
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for i := range next {
				u := Upload{Title: fmt.Sprint("Bench ", i), FileName: "doc.md", Content: body}
				if res, err := p.Ingest(b.Context(), u); err != nil || !res.Created {
					b.Errorf("ingest %d: created %v, %v", i, res.Created, err)
				}
			}
		})
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	syncs.Store(0)
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N)/1000, "ms/doc")
	b.ReportMetric(float64(syncs.Load())/float64(b.N), "fsyncs/doc")
}
