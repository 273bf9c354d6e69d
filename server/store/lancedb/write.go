package lancedb

import (
	"context"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/lancedb/lancedb-go/pkg/contracts"

	"github.com/hangarhq/hangar/server/store"
)

// Upsert writes rows, replacing the stored rows with the same ids;
// created_at survives a replace. See the package doc for how a replace
// stays safe across a crash.
func (v *Vectors) Upsert(ctx context.Context, rows []store.TopicRow) error {
	prepared, err := prepare(rows, v.dim)
	if err != nil {
		return fmt.Errorf("upsert vectors: %w", err)
	}
	if len(prepared) == 0 {
		return nil
	}
	err = v.w.Do(ctx, func(ctx context.Context) error {
		return v.use(func(tbl contracts.ITable) error {
			if err := v.repairIfDirty(ctx, tbl); err != nil {
				return err
			}
			return v.upsert(ctx, tbl, prepared)
		})
	})
	if err != nil {
		return fmt.Errorf("upsert vectors: %w", err)
	}
	return nil
}

// upsert runs on the writer: read the stored created_at of the ids, append
// the new versions under a fresh stamp, delete every other version.
func (v *Vectors) upsert(ctx context.Context, tbl contracts.ITable, rows []pending) error {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	old, err := v.versions(ctx, tbl, inFilter(colID, ids))
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil { // nothing written yet: refuse cleanly
		return fmt.Errorf("write not started: %w: %w", store.ErrBusy, err)
	}
	stamp := v.stamp.next()
	created := createdAt(old)
	for i := range rows {
		rows[i].updated = stamp
		if c, ok := created[rows[i].ID]; ok && c != 0 {
			rows[i].created = c
		} else if rows[i].created == 0 {
			rows[i].created = stamp
		}
	}
	return v.replace(ctx, tbl, rows, ids, stamp)
}

// replace adds the new versions and deletes the others, keeping gen odd
// in between so searches check versions meanwhile.
func (v *Vectors) replace(ctx context.Context, tbl contracts.ITable, rows []pending, ids []string, stamp int64) error {
	v.gen.Add(1)
	defer v.gen.Add(1)
	if err := v.add(ctx, tbl, rows); err != nil {
		v.dirty.Store(true) // the add may have landed in part
		return err
	}
	// The new versions are in; from here on finish regardless of ctx, or
	// the older versions would linger until the next repair.
	if err := tbl.Delete(context.WithoutCancel(ctx), staleFilter(ids, stamp)); err != nil {
		v.dirty.Store(true)
		return fmt.Errorf("delete replaced versions (reads keep the newest; the next write repairs): %w", err)
	}
	return nil
}

func (v *Vectors) add(ctx context.Context, tbl contracts.ITable, rows []pending) error {
	rec, err := buildRecord(v.mem, v.schema, rows)
	if err != nil {
		return err
	}
	defer rec.Release()
	if err := tbl.AddRecords(ctx, []arrow.Record{rec}, nil); err != nil {
		return fmt.Errorf("add %d rows: %w", len(rows), err)
	}
	return nil
}

// DeleteByDoc removes every row of the document.
func (v *Vectors) DeleteByDoc(ctx context.Context, docID string) error {
	if err := checkKey("doc id", docID); err != nil {
		return fmt.Errorf("delete vectors of %q: %w", docID, err)
	}
	err := v.w.Do(ctx, func(ctx context.Context) error {
		return v.use(func(tbl contracts.ITable) error {
			if err := v.repairIfDirty(ctx, tbl); err != nil {
				return err
			}
			return tbl.Delete(ctx, docFilter(docID))
		})
	})
	if err != nil {
		return fmt.Errorf("delete vectors of %s: %w", docID, err)
	}
	return nil
}

// versions reads id, created_at and updated_at of the rows matching where
// ("" reads every row).
func (v *Vectors) versions(ctx context.Context, tbl contracts.ITable, where string) ([]stored, error) {
	raw, err := tbl.Select(ctx, contracts.QueryConfig{Columns: versionColumns, Where: where})
	if err != nil {
		return nil, fmt.Errorf("read versions: %w", err)
	}
	out := make([]stored, len(raw))
	for i, m := range raw {
		if out[i], err = decodeVersion(m); err != nil {
			return nil, fmt.Errorf("read versions: %w", err)
		}
	}
	return out, nil
}

// repair deletes the older versions of ids stored twice (an upsert
// interrupted between its add and its delete, by a crash or a failed
// delete) and moves the stamper past every stamp in the table. Runs on the
// writer: at open, and before the next write after a failed one.
func (v *Vectors) repair(ctx context.Context, tbl contracts.ITable) error {
	all, err := v.versions(ctx, tbl, "")
	if err != nil {
		return fmt.Errorf("repair: %w", err)
	}
	filters, newest := planRepair(all)
	v.stamp.observe(newest)
	for _, f := range filters {
		if err := tbl.Delete(ctx, f); err != nil {
			return fmt.Errorf("repair: %w", err)
		}
	}
	v.dirty.Store(false)
	return nil
}

func (v *Vectors) repairIfDirty(ctx context.Context, tbl contracts.ITable) error {
	if !v.dirty.Load() {
		return nil
	}
	return v.repair(ctx, tbl)
}
