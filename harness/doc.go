// Package harness runs a scenario: it starts the fake LLM, launches the
// server under test (package launch), drives uploads (package load), probes
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
// with the evidence, never a stuck run.
package harness
