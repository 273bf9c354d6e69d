// Package scenarios holds the scenarios shipped with hangar, embedded in the
// binary so `hangar run seed-316` and `hangar validate` work anywhere.
//
// Each file is a scenario in the format of package harness/scenario. The
// set is the harness's claim of coverage: run against the correct server
// every scenario must pass, and every server defect must be caught by at
// least one of them (`make chaos` prints that matrix).
//
//	seed-316            the reported hang: back-to-back uploads, LLM closes mid-body and hangs
//	llm-blackhole       every chat call hangs before headers, then recovers
//	llm-close-mid-body  chat responses cut off mid-body or before the response
//	stream-truncation   streams end without [DONE] or stall; bodies trickle
//	rate-limit-storm    429 with Retry-After; retries must stay bounded
//	llm-loading         1.2s of 503 Loading model; backed-off retries ride it out
//	embeddings-down     embedding calls hang, then fail; uploads go on
//	embeddings-slow     three embedding calls take 7s; uploads and indexing go on
//	crash-restart       SIGKILL mid-ingest, restart on the same data, nothing lost
//	pause-resume        server SIGSTOPped, then resumed
//	store-queue-full    upload burst overflows the store writer queue; refused claims reclaimed
//	soak-200            200 documents under mixed faults; goroutines flat
//
// The container-* scenarios need a container engine (Scenario.NeedsContainerEngine):
// `hangar chaos-containers` runs them, `hangar chaos` the others.
//
//	container-pause-llm     the fake LLM container frozen mid-ingest
//	container-kill-restart  the server container killed, restarted on its volume
//	container-partition     the fake LLM's network cut, then healed
//	container-cpu-starved   the server at 0.25 CPU and 128 MiB
package scenarios
