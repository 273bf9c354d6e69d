// Package matrix is the chaos driver behind `hangar chaos` and `make
// chaos`: it runs every shipped scenario against the correct server and
// against each server defect alone, and reduces the runs to the defect
// matrix (rows defects, columns scenarios, each cell caught or passed).
// The build fails when the correct server fails any scenario or when a
// defect escapes every scenario. It also runs one scenario twice with the
// same seed and checks from the fake LLM journals that the same faults hit
// the same request ordinals.
//
// It builds nothing: the caller passes the server binary (any hangar built
// with Go 1.27 or later serves the leak profile the leak checks read).
package matrix
