// Package lancedb is the LanceDB vector backend of the reference server:
// topic vectors in a LanceDB table shaped like EverOS' knowledge_topic
// (id, doc_id, category_id, topic_name, summary, md_path, content_sha256,
// a fixed-size float32 vector, created_at, updated_at), stored under
// <data dir>/lancedb next to the SQLite store. It implements
// store.VectorStore and store.Serialized and registers itself as the
// vector backend "lancedb" (hangar server --store lancedb).
//
// # Build
//
// The backend uses github.com/lancedb/lancedb-go, which calls a native
// library (liblancedb_go.a) through cgo. Every file that imports it carries
// the build tag lancedb, so the default build (CGO_ENABLED=0, pure Go) does
// not need the library. With the tag, the package compiles and vets with
// CGO_ENABLED=1 and no library at all (lancedb-go ships its C header);
// linking a binary or a test needs the library on CGO_LDFLAGS. The pure-Go
// parts (schema, record building, row decoding, filters, ranking, repair
// planning) have no tag and are tested in every build.
//
// # Writes
//
// Every write runs on the server's single store.Writer (Writer().Do) with
// the caller's deadline: a write that cannot start in time fails with
// store.ErrBusy and is never applied. Once started, a write runs to the end
// (lancedb-go's calls cannot be interrupted).
//
// lancedb-go v0.1.2 has no merge-insert, so an upsert appends the new
// versions of its rows, all stamped with one updated_at that no earlier
// write used, then deletes every other version of those ids. A crash
// between the two steps leaves an id with two versions: reads keep the
// newest, and Open deletes the older ones before serving. The previous
// version of a row is never lost, which delete-then-add would risk.
//
// # Search
//
// lancedb-go v0.1.2's vector query has no distance-type option (LanceDB's
// default is L2), so the vector column holds unit-normalised vectors: on
// unit vectors L2 ranks exactly as cosine. Scores are recomputed in Go as
// the dot product of the unit query and the stored unit vector, so Hit.Score
// is the cosine similarity. Search is a flat (exact) scan: no ANN index is
// created. Zero and non-finite vectors are rejected with store.ErrInvalid
// (a zero vector has no direction).
//
// Timestamps are int64 microseconds since the Unix epoch: lancedb-go
// returns query results as JSON (float64 numbers, exact to 2^53, which
// microseconds stay under and nanoseconds do not), and it cannot convert
// arrow timestamp columns to JSON at all.
package lancedb
