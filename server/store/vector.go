package store

import "context"

// VectorStore holds topic vectors. The SQLite Store implements it (see
// Store.Vectors); other backends (LanceDB) implement it too and are checked
// by the conformance suite in package storetest.
//
// Every write must carry the caller's deadline: when it cannot be applied in
// time the method returns an error wrapping ErrBusy (and the context error),
// never blocks past ctx.
type VectorStore interface {
	// Upsert inserts rows, replacing existing rows with the same ID.
	Upsert(ctx context.Context, rows []TopicRow) error
	// DeleteByDoc removes every row of the document; deleting nothing is not an error.
	DeleteByDoc(ctx context.Context, docID string) error
	// Search returns the k rows most similar to vec by cosine, best first.
	Search(ctx context.Context, vec []float32, k int) ([]Hit, error)
	// Close releases the backend. Further calls return ErrClosed.
	Close() error
}

// Serialized is implemented by backends whose writes go through a single
// Writer; the conformance suite uses it to occupy the writer.
type Serialized interface {
	Writer() *Writer
}
