// Package harness runs a scenario: it starts the fake LLM (or takes control
// of a running one, package llmctl), launches the server under test
// (package launch), drives uploads (package load), probes
// /health and scrapes metrics on their own goroutines (package probe),
// applies the fault timeline, waits for the queue to drain, checks for
// leaks (package leak), evaluates the assertions (package assert) and
// writes the report (package report).
//
// Data flow:
//
//	scenario ──> Run ──> fakellm (in process) <── server (launch.Target)
//	              │            ▲ SetPlan              ▲ kill/pause/restart
//	              ├─ timeline ─┴──────────────────────┘
//	              ├─ load ─────── uploads ───────────>│
//	              ├─ probe ────── /health, /metrics ─>│
//	              ├─ progress ─── metrics or list ───>│
//	              └─ recorder ──> assert ──> report.json, junit.xml, report.html
//
// Every goroutine belongs to the run and ends before Run returns; the
// scenario's duration is a hard stop enforced by a context deadline on every
// network call, so a target that stops answering becomes failed assertions
// with the evidence, never a stuck run. After the hard stop, reading final
// document statuses (2 s), the leak check (its settle time) and stopping
// the server (CleanupTimeout) each have their own short deadline.
//
// With expect.resources the runner snapshots the server just before load
// and after the drain and leak check: it forces a GC through the admin
// /debug/pprof/heap?gc=1, scrapes /metrics and records the samples and a
// "resources ..." phase event (resources.go); package assert compares the
// first and last server samples (the runner's GC'd snapshots), so the heap
// figure is live heap rather than garbage awaiting collection.
//
// Timeline steps "after N uploads" are applied when the N-th upload is
// answered and before upload N+1 is sent (the step is the load driver's
// gate), so with the same seed the same fault meets the same upload.
//
// With Options.FailFast (the chaos matrix) the run stops at the first
// assertion that has certainly failed: a health probe over its max, more
// failed probes than allowed, an upload over its bound (even while still in
// flight) or with a status outside the set. Assertions that need a
// finished run are then not evaluated and the timeline says so.
package harness
