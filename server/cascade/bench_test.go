package cascade_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/cascade"
	"github.com/hangarhq/hangar/server/store"
)

// instant embeds without latency: 1024-d vectors, the EverOS dimension.
var instant = cascade.EmbedderFunc(func(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i := range texts {
		v := make([]float32, 1024)
		v[i%1024] = 1
		out[i] = v
	}
	return out, nil
})

func benchStore(b *testing.B, docs int) *store.Store {
	b.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	for n := range docs {
		d := store.Document{DocID: fmt.Sprintf("d_%012x", n), Title: fmt.Sprint("doc ", n),
			ContentSHA256: fmt.Sprint(n), Topics: []store.Topic{{Name: "a", Summary: "x"}, {Name: "b", Summary: "y"}, {Name: "c", Summary: "z"}}}
		if _, _, err := st.CreateDocument(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
	return st
}

// BenchmarkIndexing: per-document cost of the cascade (claim, embed with a
// zero-latency embedder, upsert 3 vectors, mark indexed). "sequential" is
// the baseline: the same store calls one after another with no worker;
// the worker variants report x_sequential.
func BenchmarkIndexing(b *testing.B) {
	var base float64
	b.Run("sequential", func(b *testing.B) {
		st := benchStore(b, b.N)
		ctx := context.Background()
		b.ResetTimer()
		for range b.N {
			claims, err := st.Claim(ctx, "bench", 1, time.Minute)
			if err != nil || len(claims) != 1 {
				b.Fatal(claims, err)
			}
			c := claims[0]
			vecs, _ := instant.Embed(ctx, []string{"x", "y", "z"})
			rows := make([]store.TopicRow, len(vecs))
			for i, v := range vecs {
				rows[i] = store.TopicRow{ID: cascade.TopicRowID(c.DocID, i), DocID: c.DocID, Vector: v}
			}
			if err := st.Vectors().Upsert(ctx, rows); err != nil {
				b.Fatal(err)
			}
			if err := st.MarkIndexed(ctx, c.DocID, "bench"); err != nil {
				b.Fatal(err)
			}
		}
		base = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	for _, workers := range []int{1, 4} {
		b.Run(fmt.Sprintf("worker/workers=%d", workers), func(b *testing.B) {
			st := benchStore(b, b.N)
			w, err := cascade.New(st, st.Vectors(), instant, cascade.Config{Workers: workers, PollInterval: time.Second})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if err := w.Start(context.Background()); err != nil {
				b.Fatal(err)
			}
			waitIndexed(b, st, b.N)
			b.StopTimer()
			if err := w.Close(context.Background()); err != nil {
				b.Fatal(err)
			}
			if base > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/base, "x_sequential")
			}
		})
	}
}

// waitIndexed polls the queue (with a deadline) until n rows are indexed.
func waitIndexed(b *testing.B, st *store.Store, n int) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		s, err := st.QueueStats(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if s.Counts[store.StatusIndexed] == n {
			return
		}
		time.Sleep(200 * time.Microsecond)
	}
	b.Fatalf("%d documents not indexed within a minute", n)
}
