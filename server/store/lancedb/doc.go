// Package lancedb is the LanceDB vector backend of the reference server:
// topic vectors in a LanceDB table shaped like EverOS' knowledge_topic
// (id, doc_id, category_id, topic_name, summary, md_path, content_sha256,
// a fixed-size float32 vector, created_at, updated_at), stored under
// <data dir>/lancedb next to the SQLite store. It implements
// store.VectorStore and store.Serialized and, in a build with the tag
// lancedb, registers itself as the vector backend "lancedb" (1024-d,
// EverOS' embedding size; Open takes other Options).
//
// # Build
//
// The backend talks to LanceDB through github.com/lancedb/lancedb-go, which
// calls a native library (liblancedb_go.a) through cgo. Only the file that
// imports lancedb-go's connection (lancedb.go: Open, the registration) and
// the tests that need the library carry the build tag lancedb. Everything
// else (the VectorStore, schema, arrow records, row decoding, filters,
// ranking, repair) is plain Go over a small seam (database, and lancedb-go's
// pure-Go contracts.ITable), so the default build (CGO_ENABLED=0) compiles
// it and `go test` runs the conformance suite on it against an on-disk fake
// of lancedb-go's table (fake_test.go). With the tag the package compiles
// and vets with CGO_ENABLED=1 and no native library (lancedb-go ships its C
// header); linking a binary or a test needs liblancedb_go.a on CGO_LDFLAGS.
//
// # Writes
//
// Every write runs on the server's single store.Writer (Writer().Do) with
// the caller's deadline: a write that cannot start in time fails with
// store.ErrBusy and is never applied. Once its rows are being added, a write
// runs to the end (lancedb-go's calls cannot be interrupted).
//
// lancedb-go v0.1.2 has no merge-insert, so an upsert appends the new
// versions of its rows, all stamped with one updated_at that no earlier
// write used, then deletes every other version of those ids. The previous
// version of a row is never lost (delete-then-add would lose it to a crash
// in between). Two versions of an id exist only between the two steps, after
// a failed delete (the next write repairs), or after a crash there (Open
// repairs). A search that overlapped any of these keeps only the newest
// version of each id and reads again when a newer version landed after its
// read; a search that did not (the common case) costs one query.
//
// # Search
//
// lancedb-go v0.1.2's vector query has no distance-type option (LanceDB's
// default is L2), so the vector column holds unit-normalised vectors: on
// unit vectors L2 ranks exactly as cosine. Scores are recomputed in Go as
// the dot product of the unit query and the stored unit vector, so
// Hit.Score is the cosine similarity, and ties rank the smaller id first,
// as in the SQLite backend. Search is a flat (exact) scan: no ANN index is
// created. Zero and non-finite vectors are rejected with store.ErrInvalid
// (a zero vector has no direction), as are ids containing NUL (lancedb-go
// passes filters as C strings).
//
// Timestamps are int64 microseconds since the Unix epoch: lancedb-go
// returns query results as JSON (float64 numbers, exact to 2^53, which
// microseconds stay under and nanoseconds do not), and it cannot turn arrow
// timestamp columns into JSON at all.
package lancedb
