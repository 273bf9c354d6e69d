// Package assert is the assertion registry: every assertion a scenario can
// state under `expect:` is one Def, registered in init by the one file
// that implements it (health.go, uploads.go, uploads_p95.go, …). A Def
// carries the name (the expect key path and the report name), its doc and
// YAML example, its parameter type and check, the evaluation, and what the
// run needs to know of it: whether it needs a finished run (FinishedRun),
// whether it can trip fail-fast (Live), when its verdict is final (Final)
// and whether a failure triggers diagnosis (Diagnose).
//
// The scenario decoder reads `expect` through Groups and Def.KeyType and
// stores the stated entries in an Expect; the run asks Trip while it
// drives, AllFinal to end early, and Evaluate at the end. Adding an
// assertion is one file (plus its test); docs/assertions.md is generated
// from Defs (go test ./harness/assert -run TestAssertionsDoc -update) and
// a test fails when it is stale.
//
// Every check is pure: it reads the Input (the record of the run) and
// returns a report.Assertion with the measured value, the bound, the
// verdict and, when it failed, where and when ("health p99 4.8s in window
// 12s-17s, after upload 3"). A check whose data cannot tell a slow target
// from a starved harness says so with report.VerdictInconclusive instead
// of failing (health.p99 when every window was starved). Nothing here
// reads the clock.
package assert
