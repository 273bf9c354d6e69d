package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/hangarhq/hangar/server/store"
)

// BenchmarkVectorUpsert compares one-row upserts through the single writer
// with the same statement on a direct connection, in the same run. Read
// the ns/op of the two sub-benchmarks as a ratio; "writer" also reports
// its overhead as a fraction of "direct".
func BenchmarkVectorUpsert(b *testing.B) {
	vec := make([]float32, 1024)
	for i := range vec {
		vec[i] = float32(i%7) / 7
	}
	var direct float64
	b.Run("direct", func(b *testing.B) {
		st := openStore(b, store.Config{})
		db, err := sql.Open("sqlite", "file:"+st.Path()+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		blob := store.EncodeVector(vec)
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			_, err := db.Exec(`INSERT INTO knowledge_topic (id, doc_id, category_id, topic_name, summary,
				md_path, content_sha256, vector, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)
				ON CONFLICT(id) DO UPDATE SET vector = excluded.vector, updated_at = excluded.updated_at`,
				fmt.Sprint("r", i), "d", "c", "t", "s", "m", "h", blob, i, i)
			if err != nil {
				b.Fatal(err)
			}
		}
		direct = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	for _, par := range []int{1, 8} {
		b.Run(fmt.Sprintf("writer/concurrency=%d", par), func(b *testing.B) {
			vs := openStore(b, store.Config{}).Vectors()
			ctx := context.Background()
			var wg sync.WaitGroup
			next := make(chan int)
			for range par {
				wg.Go(func() {
					for i := range next {
						row := store.TopicRow{ID: fmt.Sprint("r", i), DocID: "d", Vector: vec}
						if err := vs.Upsert(ctx, []store.TopicRow{row}); err != nil {
							b.Error(err)
						}
					}
				})
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				next <- i
			}
			close(next)
			wg.Wait()
			if direct > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/direct, "x_direct")
			}
		})
	}
}

// BenchmarkSearch measures a brute-force top-10 search over 2000 1024-d
// rows through SQLite against the same cosine scan over an in-memory slice
// (the baseline), in the same run; "sqlite" reports x_memory.
func BenchmarkSearch(b *testing.B) {
	const rows, dim = 2000, 1024
	vs := openStore(b, store.Config{}).Vectors()
	mem := make([][]float32, rows)
	batch := make([]store.TopicRow, 0, 100)
	for i := range rows {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32((i*31+j*17)%97) / 97
		}
		mem[i] = v
		batch = append(batch, store.TopicRow{ID: fmt.Sprint("r", i), DocID: fmt.Sprint("d", i/10), Vector: v})
		if len(batch) == cap(batch) {
			if err := vs.Upsert(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	q := mem[rows/2]
	var memory float64
	b.Run("memory", func(b *testing.B) {
		for b.Loop() {
			best := float32(-2)
			for _, v := range mem {
				best = max(best, cos(q, v))
			}
		}
		memory = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("sqlite", func(b *testing.B) {
		for b.Loop() {
			if _, err := vs.Search(context.Background(), q, 10); err != nil {
				b.Fatal(err)
			}
		}
		if memory > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/memory, "x_memory")
		}
	})
}

func cos(a, b []float32) float32 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return float32(dot / math.Sqrt(na*nb))
}
