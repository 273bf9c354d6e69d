// Package assert evaluates a scenario's expectations against the record of
// a finished run. Every function is pure: it reads the report data and
// returns a report.Assertion with the measured value, the bound, the
// verdict and, when it failed, where and when ("health p99 4.8s in window
// 12s-17s, after upload 3"). Nothing here reads the clock.
package assert
