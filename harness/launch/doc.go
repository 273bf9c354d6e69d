// Package launch obtains the server under test. A Launcher starts (or
// finds) a server from a Spec and returns a Target; launchers register
// themselves by name, one file each:
//
//	inprocess   server.New in the harness process (leak check: goleak)
//	subprocess  `hangar server` as a child process; kill = SIGKILL,
//	            pause = SIGSTOP, resume = SIGCONT, restart keeps the data dir
//	            and the ports
//	external    an already running server at a URL; no actions
//
// The container launcher (testcontainers-go) is its own issue: it will be a
// file container.go calling Register("container", ...) and implementing the
// same Target; until then Get("container") says so.
package launch
