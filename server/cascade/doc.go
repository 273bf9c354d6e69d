// Package cascade is the reference server's background indexer. It claims
// pending change rows from the store with a lease (owner = the instance id,
// expiry = now + Lease), embeds each document's topic summaries through an
// Embedder with a per-call deadline, upserts the vectors through the
// store's single writer, and marks the row indexed. A failed attempt goes
// back to pending with exponential backoff and jitter; after MaxAttempts
// claims the row is failed with its last error.
//
// Built right:
//   - Workers slots: a slow document occupies one slot; free slots keep
//     claiming (no barrier).
//   - Every embed call has EmbedTimeout, every store write StoreTimeout.
//   - A watchdog reclaims expired leases (hangar_cascade_lease_reclaims_total);
//     on Start, rows a previous instance left in indexing are recovered.
//   - Wake-ups come from the store's Notify channel (and Kick), with
//     PollInterval as the fallback; no busy loop.
//   - Start/Close own every goroutine; Close cancels in-flight calls, waits,
//     and releases this instance's leases without counting the attempt.
//   - Gauges are refreshed in the background, so /metrics never touches the
//     database.
//
// # Defects
//
// Each defect is a Config switch that puts back one failure class of EverOS
// 1.1.0. They are the harness's positive controls.
//
// BatchBarrier ("batch-barrier"): the worker claims up to BatchSize rows
// (default 50) and claims nothing more until every row of the batch has
// returned (dispatchBatches). It mirrors EverOS 1.1.0's cascade worker,
// which took 50 pending rows and waited for all of them. A user sees one
// slow or never-returning embedding call stall every document uploaded
// after it: the pending count and hangar_cascade_oldest_pending_age_seconds
// grow and hangar_cascade_last_progress_timestamp_seconds stops, although
// most workers are idle. (The per-call deadline still applies, so here the
// stall lasts up to EmbedTimeout per hung row; with no-llm-deadline it is
// unbounded.)
//
// NoLeaseExpiry ("no-lease-expiry"): claims carry no expiry, no watchdog
// runs, and Start does not recover rows a previous instance left in
// indexing. It mirrors EverOS 1.1.0's rows stuck in "processing": a claim
// without an owner's lease that nothing ever hands back. A user sees the
// documents that were being indexed when the process crashed or was killed
// stay "indexing" forever after the restart, while new uploads index fine.
//
// StoreLockAcrossCall ("store-lock-across-call"): the per-table vector
// write lock is taken before the embedding call and held while awaiting it,
// and the call has no deadline (indexUnderTableLock). It mirrors EverOS
// 1.1.0 awaiting work under its per-table vector-store write lock with no
// deadline. A user sees one hung embedding call stop all indexing: the
// other claimed rows sit in "indexing" behind the lock, nothing completes,
// and /health stays green because nothing it touches is blocked.
package cascade
