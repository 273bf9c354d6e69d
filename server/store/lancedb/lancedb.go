//go:build lancedb

package lancedb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/lancedb/lancedb-go/pkg/contracts"
	lance "github.com/lancedb/lancedb-go/pkg/lancedb"

	"github.com/hangarhq/hangar/server/store"
)

func init() {
	store.RegisterVectorBackend("lancedb", func(ctx context.Context, st *store.Store) (store.VectorStore, error) {
		return Open(ctx, st, Options{})
	})
}

// Open opens (creating if needed) the topic table in a LanceDB database
// under st.Dir(), checks its schema, and deletes the older versions an
// interrupted upsert left. Creating and repairing run on st's writer with
// ctx's deadline. Closing the Vectors does not close st.
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
	v, err := open(ctx, st.Writer(), connection{conn}, opts)
	if err != nil {
		return nil, fmt.Errorf("open lancedb %s: %w", dir, err)
	}
	return v, nil
}

// connection adapts lancedb-go's connection to database.
type connection struct{ contracts.IConnection }

func (c connection) CreateTable(ctx context.Context, name string, schema *arrow.Schema) (contracts.ITable, error) {
	s, err := lance.NewSchema(schema)
	if err != nil {
		return nil, err
	}
	return c.IConnection.CreateTable(ctx, name, s)
}
