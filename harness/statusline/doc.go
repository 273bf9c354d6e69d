// Package statusline prints a run's live status line (uploads answered,
// documents indexed, health p99, faults): redrawn in place on a terminal,
// one plain line every few seconds otherwise (CI logs).
//
// Not to be confused with the indexing tracker in package harness
// (indexing.go), which follows each accepted document to indexed or
// failed, nor with the progress.* assertions in harness/assert.
package statusline
