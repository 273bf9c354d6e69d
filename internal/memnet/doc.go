// Package memnet is an in-memory loopback network: a Network hands out
// listeners on fake 127.0.0.1 ports and dials them, with connections that
// behave like TCP for net/http (buffered in both directions, deadlines,
// half-close on Close, connection refused for a port nobody listens on).
//
// Every blocking operation waits on channels created by the Network, so
// inside a testing/synctest bubble a goroutine blocked on a read, a write,
// an Accept or a Dial is durably blocked and the bubble's fake clock can
// advance: a scenario's 20 s fault window costs no wall time. Create the
// Network inside the bubble.
//
// Only loopback hosts (127.0.0.1, localhost, ::1) are served; dialing
// anything else is an error, so nothing leaves the process by accident.
package memnet
