// Package llm is hangar's resilient client for an OpenAI-compatible LLM:
// chat completions for the request path (topic extraction, classification)
// and embeddings for the background cascade.
//
// Every call is composed from failsafe-go policies, outermost first:
//
//	budget (ctx deadline) → retry (backoff + jitter, honours Retry-After)
//	  → bulkhead (a concurrency slot, per pool, held for ONE attempt)
//	    → circuit breaker (per purpose; sees only LLM outcomes)
//	      → timeout (per attempt) → HTTP call
//
// An open breaker is checked before any of this, so a call fails fast
// (ErrBreakerOpen with the time until the next probe) without waiting for
// a slot. The bulkhead sits inside the retry, so a slot is held only while
// an attempt is on the wire and is released while the retry sleeps. Request-path calls
// and background calls use separate bulkheads ("request" and "background"), so
// embeddings for the cascade can never starve uploads of LLM slots.
//
// # Defects
//
// Three switches turn the client back into a failure class seen in EverOS
// 1.1.0. Each is a mis-composition of the same policies, not a sleep:
//
//   - sem-across-retries (Defects.SemAcrossRetries): the bulkhead is wrapped
//     OUTSIDE the retry, and the retry has no backoff (only a server's
//     Retry-After is slept). The slot is taken once and held through every
//     attempt and every Retry-After sleep. Mirrors EverOS's engine semaphore
//     held for the whole retry chain with immediate re-attempts. A user sees
//     throughput collapse while the LLM rate-limits: queued uploads wait on a
//     slot held by a caller that is asleep.
//   - no-llm-deadline (Defects.NoDeadline): no per-attempt timeout, no call
//     budget, an http.Client{} with no timeouts. Mirrors EverOS's LLM calls
//     with no request deadline. A user sees an upload that never answers when
//     the LLM hangs (or a 502 from a proxy in front), holding its slot forever.
//   - shared-llm-pool (Defects.SharedPool): embeddings use the request pool.
//     Mirrors EverOS's single engine semaphore for all LLM work. A user sees
//     uploads wait (then 503) whenever the cascade's embedding calls hang.
//
// The fourth request-path defect, health-behind-limiter, lives in package
// server.
package llm
