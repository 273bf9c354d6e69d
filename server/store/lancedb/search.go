package lancedb

import (
	"context"
	"fmt"

	"github.com/lancedb/lancedb-go/pkg/contracts"

	"github.com/hangarhq/hangar/server/store"
)

// Search returns the k rows most similar to vec by cosine, best first. It
// reads without the writer. A search that may have met two versions of an
// id (it overlapped an upsert, or a failed one is not yet repaired) keeps
// only rows whose version is the newest stored, and asks again for more
// rows when that left fewer than k.
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

// maxSearchReads bounds the reads of one search whose rows keep being
// replaced while it reads them.
const maxSearchReads = 16

func (v *Vectors) search(ctx context.Context, tbl contracts.ITable, q []float32, k int) ([]store.Hit, error) {
	limit := k
	for reads := 1; ; reads++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rows, dropped, missing, err := v.nearestCurrent(ctx, tbl, q, limit)
		if err != nil {
			return nil, err
		}
		hits, dups := rank(rows, q, k)
		dups += dropped
		switch {
		case missing > 0 && reads == maxSearchReads:
			return nil, fmt.Errorf("rows replaced during each of %d reads: %w", reads, store.ErrBusy)
		case missing > 0: // a newer version landed after the read: read again
			limit = max(limit, k+dups)
		case len(hits) == k || len(rows)+dropped < limit || dups == 0:
			return hits, nil
		default:
			limit = max(limit+1, k+dups) // limit-dups < k here, so this grows
		}
	}
}

// nearestCurrent is nearest without stale versions: dropped counts the
// rows it removed, missing the ids whose newest version it did not read.
func (v *Vectors) nearestCurrent(ctx context.Context, tbl contracts.ITable, q []float32, limit int) (rows []stored, dropped, missing int, err error) {
	before := v.gen.Load()
	if rows, err = v.nearest(ctx, tbl, q, limit); err != nil {
		return nil, 0, 0, err
	}
	if before%2 == 0 && !v.dirty.Load() && v.gen.Load() == before {
		return rows, 0, 0, nil // one version per id throughout the read
	}
	current, missing, err := v.current(ctx, tbl, rows)
	if err != nil {
		return nil, 0, 0, err
	}
	return current, len(rows) - len(current), missing, nil
}

// current keeps the rows that are the newest stored version of their id
// (see keepNewest).
func (v *Vectors) current(ctx context.Context, tbl contracts.ITable, rows []stored) ([]stored, int, error) {
	if len(rows) == 0 {
		return rows, 0, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.hit.ID
	}
	stamps, err := v.versions(ctx, tbl, inFilter(colID, ids))
	if err != nil {
		return nil, 0, err
	}
	kept, missing := keepNewest(rows, stamps)
	return kept, missing, nil
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
