package store

import (
	"container/heap"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Vectors is the store's topic vector table as a VectorStore. Its writes go
// through the store's single writer. Its Close closes the whole Store, so
// close the cascade worker (which releases leases through the store) first.
func (s *Store) Vectors() VectorStore { return sqliteVectors{s} }

type sqliteVectors struct{ s *Store }

func (v sqliteVectors) Writer() *Writer { return v.s.writer }
func (v sqliteVectors) Close() error    { return v.s.Close() }

func validateRows(rows []TopicRow) error {
	for i, r := range rows {
		switch {
		case r.ID == "":
			return fmt.Errorf("row %d: empty id: %w", i, ErrInvalid)
		case r.DocID == "":
			return fmt.Errorf("row %d (%s): empty doc id: %w", i, r.ID, ErrInvalid)
		case len(r.Vector) == 0:
			return fmt.Errorf("row %d (%s): empty vector: %w", i, r.ID, ErrInvalid)
		}
	}
	return nil
}

// Upsert writes all rows in one transaction; created_at survives a replace.
func (v sqliteVectors) Upsert(ctx context.Context, rows []TopicRow) error {
	if err := validateRows(rows); err != nil {
		return fmt.Errorf("upsert vectors: %w", err)
	}
	err := v.s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := time.Now().UnixNano()
		for _, r := range rows {
			created := nanos(r.CreatedAt)
			if created == 0 {
				created = now
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO knowledge_topic (id, doc_id, category_id,
				topic_name, summary, md_path, content_sha256, vector, created_at, updated_at)
				VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET doc_id = excluded.doc_id,
				category_id = excluded.category_id, topic_name = excluded.topic_name,
				summary = excluded.summary, md_path = excluded.md_path,
				content_sha256 = excluded.content_sha256, vector = excluded.vector,
				updated_at = excluded.updated_at`,
				r.ID, r.DocID, r.CategoryID, r.TopicName, r.Summary, r.MDPath, r.ContentSHA256,
				EncodeVector(r.Vector), created, now)
			if err != nil {
				return fmt.Errorf("row %s: %w", r.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("upsert vectors: %w", err)
	}
	return nil
}

func (v sqliteVectors) DeleteByDoc(ctx context.Context, docID string) error {
	err := v.s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM knowledge_topic WHERE doc_id = ?`, docID)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete vectors of %s: %w", docID, err)
	}
	return nil
}

// Search scans every vector (brute force; fine at this scale), keeps the
// top k by cosine in a heap, then loads those rows. Rows whose dimension
// differs from vec are skipped.
func (v sqliteVectors) Search(ctx context.Context, vec []float32, k int) ([]Hit, error) {
	if len(vec) == 0 || k < 1 {
		return nil, fmt.Errorf("search: %d-d query, k %d: %w", len(vec), k, ErrInvalid)
	}
	top, err := v.scan(ctx, vec, k)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits, err := v.load(ctx, top.sorted())
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return hits, nil
}

func (v sqliteVectors) scan(ctx context.Context, vec []float32, k int) (*topK, error) {
	rows, err := v.s.rdb.QueryContext(ctx, `SELECT id, vector FROM knowledge_topic`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	qn := norm(vec)
	top := &topK{k: k}
	for rows.Next() {
		var id string
		var blob []byte
		if err := rows.Scan(&id, &blob); err != nil {
			return nil, err
		}
		row, err := DecodeVector(blob)
		if err != nil {
			return nil, fmt.Errorf("row %s: %w", id, err)
		}
		if score, ok := cosine(vec, qn, row); ok {
			top.offer(Hit{ID: id, Score: score})
		}
	}
	return top, rows.Err()
}

func (v sqliteVectors) load(ctx context.Context, hits []Hit) ([]Hit, error) {
	if len(hits) == 0 {
		return []Hit{}, nil
	}
	ids := make([]any, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	rows, err := v.s.rdb.QueryContext(ctx, `SELECT id, doc_id, category_id, topic_name, summary,
		md_path FROM knowledge_topic WHERE id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[string]Hit, len(hits))
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.ID, &h.DocID, &h.CategoryID, &h.TopicName, &h.Summary, &h.MDPath); err != nil {
			return nil, err
		}
		byID[h.ID] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		if full, ok := byID[h.ID]; ok { // deleted between scan and load: dropped
			full.Score = h.Score
			out = append(out, full)
		}
	}
	return out, nil
}

// topK keeps the k best hits in a min-heap (worst at the root).
type topK struct {
	k int
	h hitHeap
}

func (t *topK) offer(h Hit) {
	if len(t.h) < t.k {
		heap.Push(&t.h, h)
		return
	}
	if less(t.h[0], h) {
		t.h[0] = h
		heap.Fix(&t.h, 0)
	}
}

// sorted empties the heap, best first.
func (t *topK) sorted() []Hit {
	out := make([]Hit, len(t.h))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&t.h).(Hit)
	}
	return out
}

// less orders by score, then by id descending so ties are deterministic
// (the smaller id ranks first).
func less(a, b Hit) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.ID > b.ID
}

type hitHeap []Hit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return less(h[i], h[j]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(Hit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
