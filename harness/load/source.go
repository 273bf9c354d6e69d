package load

import "context"

// Doc is one document to upload.
type Doc struct {
	Title    string
	Filename string
	// Category is sent as category_id when not empty.
	Category string
	Content  []byte
}

// Source yields the document for upload i (0-based). It is called from
// several goroutines but always with distinct i, in increasing order of
// assignment; implementations derive the document from i (and their own
// seed), not from call order.
type Source interface {
	Doc(i int) (Doc, error)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(i int) (Doc, error)

// Doc calls f(i).
func (f SourceFunc) Doc(i int) (Doc, error) { return f(i) }

// Gate holds an upload until the harness allows it to be sent. Wait is
// called with the upload's 1-based ordinal before its request is built; it
// returns early with ctx's error.
type Gate interface {
	Wait(ctx context.Context, ordinal int) error
}

// GateFunc adapts a function to Gate.
type GateFunc func(ctx context.Context, ordinal int) error

// Wait calls f(ctx, ordinal).
func (f GateFunc) Wait(ctx context.Context, ordinal int) error { return f(ctx, ordinal) }

// Open is a Gate that never holds an upload.
var Open Gate = GateFunc(func(context.Context, int) error { return nil })
