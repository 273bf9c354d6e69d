//go:build lancedb

package lancedb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/lancedb/lancedb-go/pkg/contracts"
	lance "github.com/lancedb/lancedb-go/pkg/lancedb"

	"github.com/hangarhq/hangar/server/store"
)

func init() {
	store.RegisterVectorBackend("lancedb", func(ctx context.Context, st *store.Store) (store.VectorStore, error) {
		return Open(ctx, st, Options{})
	})
}

// Options configures Open. Zero fields take the Default* constants.
type Options struct {
	Dim    int    // vector dimension of a new table; an existing table must match
	Table  string // table name
	Subdir string // LanceDB directory under st.Dir()
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

// Vectors is the LanceDB topic table as a store.VectorStore. Its writes go
// through the store's single Writer.
type Vectors struct {
	w     *store.Writer
	dim   int
	mem   memory.Allocator
	stamp stamper // used inside writer functions only

	mu     sync.RWMutex // guards closed, conn, tbl, schema; held for reading by every call using them
	closed bool
	conn   contracts.IConnection
	tbl    contracts.ITable
	schema *arrow.Schema // the table's own schema, records are built with it
}

var (
	_ store.VectorStore = (*Vectors)(nil)
	_ store.Serialized  = (*Vectors)(nil)
)

// Open opens (creating if needed) the topic table under st.Dir(), checks
// its schema, and deletes the older versions an interrupted upsert left.
// Creating and repairing run on st's writer, with ctx's deadline. Closing
// the Vectors does not close st.
func Open(ctx context.Context, st *store.Store, opts Options) (*Vectors, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	dir := filepath.Join(st.Dir(), opts.Subdir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open lancedb: %w", err)
	}
	conn, err := lance.Connect(ctx, dir, nil)
	if err != nil {
		return nil, fmt.Errorf("open lancedb %s: %w", dir, err)
	}
	v := &Vectors{w: st.Writer(), dim: opts.Dim, mem: memory.NewGoAllocator(), conn: conn,
		stamp: stamper{now: time.Now}}
	err = v.w.Do(ctx, func(ctx context.Context) error {
		if err := v.openTable(ctx, opts.Table); err != nil {
			return err
		}
		return v.repair(ctx)
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open lancedb %s: %w", dir, err), v.Close())
	}
	return v, nil
}

// openTable opens the named table, or creates it when the database has none.
func (v *Vectors) openTable(ctx context.Context, name string) error {
	names, err := v.conn.TableNames(ctx)
	if err != nil {
		return err
	}
	if slices.Contains(names, name) {
		v.tbl, err = v.conn.OpenTable(ctx, name)
	} else {
		v.tbl, err = v.createTable(ctx, name)
	}
	if err != nil {
		return err
	}
	if v.schema, err = v.tbl.Schema(ctx); err != nil {
		return err
	}
	if err := checkSchema(v.schema, v.dim); err != nil {
		return fmt.Errorf("table %s: %w: %w", name, err, store.ErrInvalid)
	}
	return nil
}

func (v *Vectors) createTable(ctx context.Context, name string) (contracts.ITable, error) {
	schema, err := lance.NewSchema(Schema(v.dim))
	if err != nil {
		return nil, err
	}
	return v.conn.CreateTable(ctx, name, schema)
}

// Writer is the single writer every write goes through (store.Serialized).
func (v *Vectors) Writer() *store.Writer { return v.w }

// Dim is the table's vector dimension.
func (v *Vectors) Dim() int { return v.dim }

// Close closes the table and the connection; calls after it return
// store.ErrClosed. It waits for calls in progress. Idempotent.
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
	errs = append(errs, v.conn.Close())
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
