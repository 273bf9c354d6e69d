// Package load drives document uploads against an ingest server.
//
// It uses vegeta's attack library (github.com/tsenart/vegeta/v12/lib) for
// pacing, worker management and latency statistics. vegeta's Targeter model
// fits distinct bodies: the Targeter is called once per hit, so each call
// builds a fresh multipart body from the next corpus document. Each upload's
// ordinal travels in the request URL (?hangar_upload=N), which vegeta copies
// into its Result, so results map back to documents even when several
// workers race.
//
// Three properties matter for a chaos harness and are enforced here:
//
//   - MaxWorkers is set to the configured concurrency; vegeta's default grows
//     workers without bound against a target that stops answering.
//   - every request carries the run's context (through a RoundTripper), so a
//     hard stop cancels in-flight uploads instead of waiting for timeouts.
//   - a Gate lets the fault timeline hold upload N+1 until a fault that fires
//     "after N uploads" is applied, which makes runs repeatable.
package load
