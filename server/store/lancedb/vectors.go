package lancedb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/lancedb/lancedb-go/pkg/contracts"

	"github.com/hangarhq/hangar/server/store"
)

// Options configures Open. Zero fields take the Default* constants.
type Options struct {
	Dim    int    // vector dimension of a new table; an existing table must match
	Table  string // table name
	Subdir string // LanceDB directory under the store's directory
}

func (o *Options) fill() error {
	if o.Dim < 0 {
		return fmt.Errorf("lancedb options: dimension %d: %w", o.Dim, store.ErrInvalid)
	}
	o.Dim = cmpOr(o.Dim, DefaultDim)
	o.Table = cmpOr(o.Table, DefaultTable)
	o.Subdir = cmpOr(o.Subdir, DefaultSubdir)
	return nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// database is the part of a LanceDB connection the backend uses. The
// tagged build adapts lancedb-go's connection to it; tests use a fake.
type database interface {
	TableNames(ctx context.Context) ([]string, error)
	OpenTable(ctx context.Context, name string) (contracts.ITable, error)
	CreateTable(ctx context.Context, name string, schema *arrow.Schema) (contracts.ITable, error)
	Close() error
}

// Vectors is the LanceDB topic table as a store.VectorStore. Its writes go
// through the store's single Writer.
type Vectors struct {
	w     *store.Writer
	dim   int
	mem   memory.Allocator
	stamp stamper // used inside writer functions only

	// gen is odd while an upsert's new and old versions are both stored
	// (between its add and its delete); dirty is set when such a delete
	// failed, until a repair succeeds. A search that saw gen even and
	// unchanged and dirty false read a table with one version per id.
	gen   atomic.Uint64
	dirty atomic.Bool

	mu     sync.RWMutex // guards closed, db, tbl, schema; held for reading by every call using them
	closed bool
	db     database
	tbl    contracts.ITable
	schema *arrow.Schema // the table's own schema; records are built with it
}

var (
	_ store.VectorStore = (*Vectors)(nil)
	_ store.Serialized  = (*Vectors)(nil)
)

// open opens (creating if needed) the table on db, checks its schema and
// deletes the older versions an interrupted upsert left; both run on w
// with ctx's deadline. On error db is closed.
func open(ctx context.Context, w *store.Writer, db database, opts Options) (*Vectors, error) {
	if err := opts.fill(); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	v := &Vectors{w: w, dim: opts.Dim, mem: memory.NewGoAllocator(), db: db, stamp: stamper{now: time.Now}}
	err := w.Do(ctx, func(ctx context.Context) error {
		if err := v.openTable(ctx, opts.Table); err != nil {
			return err
		}
		return v.repair(ctx, v.tbl)
	})
	if err != nil {
		return nil, errors.Join(err, v.Close())
	}
	return v, nil
}

// openTable opens the named table, or creates it when the database has none.
func (v *Vectors) openTable(ctx context.Context, name string) error {
	names, err := v.db.TableNames(ctx)
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	if slices.Contains(names, name) {
		v.tbl, err = v.db.OpenTable(ctx, name)
	} else {
		v.tbl, err = v.db.CreateTable(ctx, name, Schema(v.dim))
	}
	if err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	if v.schema, err = v.tbl.Schema(ctx); err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	if err := checkSchema(v.schema, v.dim); err != nil {
		return fmt.Errorf("table %s: %w: %w", name, err, store.ErrInvalid)
	}
	return nil
}

// Writer is the single writer every write goes through (store.Serialized).
func (v *Vectors) Writer() *store.Writer { return v.w }

// Dim is the table's vector dimension.
func (v *Vectors) Dim() int { return v.dim }

// Close closes the table and the connection (not the store whose writer
// it uses); calls after it return store.ErrClosed. It waits for calls in
// progress. Idempotent.
func (v *Vectors) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil
	}
	v.closed = true
	var errs []error
	if v.tbl != nil {
		errs = append(errs, v.tbl.Close())
	}
	errs = append(errs, v.db.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close lancedb: %w", err)
	}
	return nil
}

// use runs fn with the table while holding the read lock, or returns
// store.ErrClosed.
func (v *Vectors) use(fn func(tbl contracts.ITable) error) error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return store.ErrClosed
	}
	return fn(v.tbl)
}
