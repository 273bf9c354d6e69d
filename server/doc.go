// Package server is hangar's reference ingest server: the EverOS knowledge
// API (same paths, envelopes and status codes), built right, with switchable
// defects that put back the failure classes that hung EverOS 1.1.0.
//
// API listener (chi):
//
//	POST   /api/v1/knowledge/documents            multipart: file, title; category_id, source_type, app_id, project_id
//	GET    /api/v1/knowledge/documents            ?page&page_size(<=100)&category_id&app_id&project_id
//	GET    /api/v1/knowledge/documents/{doc_id}
//	DELETE /api/v1/knowledge/documents/{doc_id}
//	POST   /api/v1/knowledge/search               {"query", "top_k"}
//	GET    /health
//
// Success bodies are {"request_id", "data"}; errors are {"request_id",
// "error": {"code", "message", "timestamp", "path"}} with the status taken
// from one table (errors.go). 503s carry Retry-After (seconds, rounded up)
// and error.retry_after_ms.
//
// Admin listener (loopback only): /health, /ready, /metrics,
// /debug/pprof/ — including /debug/pprof/goroutineleak (standard since
// Go 1.27).
//
// Built right:
//   - every upload and search runs under a request budget (504 when it runs
//     out); the LLM client adds per-attempt deadlines, backoff with jitter,
//     Retry-After, per-attempt concurrency slots and a circuit breaker
//     (package llm);
//   - uploads pass a bounded limiter: a full limiter is a 503, not a queue;
//   - /health answers from one atomic, behind no lock or limiter;
//   - the store has one writer with a bounded queue (503 when full);
//   - Shutdown drains, cancels, releases cascade leases and leaves no
//     goroutine.
//
// # Defects
//
// Config.Defects (`--defects a,b`) takes names from DefectNames:
//
//   - sem-across-retries, no-llm-deadline, shared-llm-pool: the LLM client's
//     policy composition (package llm documents each). no-llm-deadline also
//     removes the request budget here: an upload runs until the LLM answers,
//     and keeps running after its client has gone, as EverOS's handlers did.
//   - health-behind-limiter: GET /health on the API port takes a slot of the
//     upload limiter and waits for one as long as the client waits. Mirrors
//     EverOS serving /health from the event loop its stuck uploads occupy.
//     A user sees /health time out exactly when uploads hang, so the
//     orchestrator restarts a server that was merely waiting on its LLM.
//   - store-lock-across-call, batch-barrier, no-lease-expiry: the cascade
//     worker (package cascade documents each).
package server
