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
// BatchBarrier ("batch-barrier"): the worker claims up to BatchSize rows and
// claims nothing more until every row of the batch has returned
// (dispatchBatches). EverOS' cascade worker fetched 50 pending changes and
// awaited them all (asyncio.gather) before the next fetch. A user sees one
// slow or never-returning embedding call stall every document uploaded
// after it: the pending count grows, hangar_cascade_last_progress stops,
// although most workers are idle.
//
// NoLeaseExpiry ("no-lease-expiry"): claims carry no expiry, no watchdog
// runs, and Start does not recover the previous instance's rows. EverOS
// marked rows processing with no owner or deadline. A user sees documents
// that were being indexed when the process crashed or was killed stay
// "indexing" forever after the restart.
//
// StoreLockAcrossCall ("store-lock-across-call"): the per-table vector write
// lock is taken before the embedding call and held while awaiting it, and
// the call has no deadline (indexUnderTableLock). EverOS' LanceDB repository
// held its asyncio write lock across the awaited embedding. A user sees one
// hung embedding call stop all indexing: every row sits in "indexing",
// while /health stays green because nothing it touches is blocked.
package cascade
