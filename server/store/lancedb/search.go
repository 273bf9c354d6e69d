//go:build lancedb

package lancedb

import (
	"context"
	"fmt"

	"github.com/lancedb/lancedb-go/pkg/contracts"

	"github.com/hangarhq/hangar/server/store"
)

// Search returns the k rows most similar to vec by cosine, best first. It
// reads without the writer. When an id shows up in two versions (an
// upsert between its add and delete) it asks again for more rows, so the
// answer still has k distinct ids when the table has them.
func (v *Vectors) Search(ctx context.Context, vec []float32, k int) ([]store.Hit, error) {
	if len(vec) == 0 || k < 1 {
		return nil, fmt.Errorf("search: %d-d query, k %d: %w", len(vec), k, store.ErrInvalid)
	}
	q, err := unitVector(vec, v.dim)
	if err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	var hits []store.Hit
	err = v.use(func(tbl contracts.ITable) error {
		hits, err = v.search(ctx, tbl, q, k)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return hits, nil
}

func (v *Vectors) search(ctx context.Context, tbl contracts.ITable, q []float32, k int) ([]store.Hit, error) {
	for limit := k; ; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rows, err := v.nearest(ctx, tbl, q, limit)
		if err != nil {
			return nil, err
		}
		hits, dups := rank(rows, q, k)
		if len(hits) == k || len(rows) < limit || dups == 0 {
			return hits, nil
		}
		limit = max(limit+1, k+dups) // limit-dups < k here, so this grows
	}
}

// nearest asks LanceDB for the limit nearest rows (L2 on unit vectors,
// which ranks as cosine).
func (v *Vectors) nearest(ctx context.Context, tbl contracts.ITable, q []float32, limit int) ([]stored, error) {
	raw, err := tbl.Select(ctx, contracts.QueryConfig{Columns: searchColumns,
		VectorSearch: &contracts.VectorSearch{Column: colVector, Vector: q, K: limit}})
	if err != nil {
		return nil, err
	}
	out := make([]stored, len(raw))
	for i, m := range raw {
		if out[i], err = decodeHit(m, v.dim); err != nil {
			return nil, err
		}
	}
	return out, nil
}
