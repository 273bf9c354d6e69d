// Package progress prints a run's live progress line: redrawn in place on a
// terminal, one plain line every few seconds otherwise (CI logs).
package progress
