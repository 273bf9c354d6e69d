// Package matrix is the chaos driver behind `hangar chaos` and `make
// chaos`: it runs every shipped scenario against the correct server and
// against each server defect alone, and reduces the runs to the defect
// matrix (rows defects, columns scenarios, each cell caught or passed, or
// inconclusive when the harness itself was starved: neither). The build
// fails when the correct server fails any scenario, when a defect escapes
// every scenario (an inconclusive cell catches nothing), or when a
// correct-server cell stays inconclusive on its re-runs. It also runs one scenario twice with the
// same seed and checks from the fake LLM journals that the same faults hit
// the same request ordinals.
//
// The matrix splits into shards (Config.Shard, `--shard K/N`): Assign
// gives each cell, named by scenario and variant, to one shard, spreading
// every scenario's cells and the correct-server runs over the shards; a cell's retries and the determinism check
// (with its scenario's correct-server cell) stay in that shard. Each
// shard's JSON records its shard and every cell identity of the whole
// matrix, and Merge joins the shards back into the matrix an unsharded run
// writes, refusing a missing, doubled or foreign shard.
//
// The runs go through a Runner; Harness runs them with harness.Run, tests
// pass a fake.
//
// It builds nothing: the caller passes the server binary (any hangar built
// with Go 1.27 or later serves the leak profile the leak checks read).
package matrix
