// Package store is the reference server's durable state: an embedded SQLite
// database (modernc.org/sqlite, pure Go, CGO_ENABLED=0, WAL, busy_timeout)
// holding three tables:
//
//   - documents: one row per uploaded document (doc_id "d_"+12 hex, app,
//     project, title, category, source, markdown and original paths, content
//     hash, topics as JSON). The idempotency key is app + project + title +
//     content hash: CreateDocument with a known key returns the existing
//     document and created=false.
//   - changes: the durable change-state queue, one row per document, moving
//     pending -> indexing -> indexed | failed. A claim sets an owner and a
//     lease expiry and counts the attempt; Retry, MarkIndexed and MarkFailed
//     only succeed for the current owner (else ErrLeaseLost);
//     ReclaimExpired and RecoverIndexing hand abandoned rows back.
//   - knowledge_topic: topic vectors shaped like EverOS' knowledge_topic
//     table (vector = little-endian float32 BLOB), exposed as a VectorStore
//     (Store.Vectors) with brute-force cosine top-k search.
//
// # One writer
//
// Every write runs on a single Writer goroutine fed by a bounded queue.
// A write submitted to a full queue fails at once with ErrBusy; a write whose
// context ends while it is still queued is dropped and fails with an error
// wrapping both ErrBusy and the context error. No caller ever waits past its
// own deadline, and nothing waits on an unbounded queue. The HTTP layer maps
// ErrBusy to 503 with Retry-After. Reads use a separate read-only pool and
// never queue behind writes (WAL).
//
// # Group commit and durability
//
// The writer runs the store's writes queued together (up to MaxGroup, never
// waiting for more) as one group: one immediate transaction with a
// savepoint per write, so a failing write rolls back alone. If SQLite aborts
// the shared transaction, nothing of it committed and each write runs again
// alone. Solo writes (Writer.Do, Hold, other backends) never join a group.
//
// CreateDocument and DeleteDocument are durable: the group they are in
// first syncs the document files they name (Document.SyncPaths; one
// syncfs per file system on Linux, else an fsync per path), then commits
// with synchronous=FULL, which fsyncs the WAL, and only then answers its
// callers. So an acknowledged upload survives power loss, and a row never
// becomes durable before its files. Other writes (the change-queue
// transitions, vectors) commit with synchronous=NORMAL unless grouped with a
// durable one: they survive the process being killed at any point, and on
// power loss the last few may roll back (their work is redone), never
// corrupt. Config.SyncHook sees every sync, before and after.

// A document and its change row are created in one transaction, so a crash
// leaves either both or neither. DeleteDocument removes the document, its
// change row and its vectors in one transaction.
//
// # Metrics
//
// hangar_store_queue_depth (gauge), hangar_store_write_duration_seconds
// (histogram), hangar_store_writes_rejected_total{reason} on the
// Registerer given in Config.
//
// Other vector backends implement VectorStore and pass the conformance suite
// in package storetest; they route writes through the same Writer.
package store
