// Package launch obtains the server under test. A Launcher starts (or
// finds) a server from a Spec and returns a Target; launchers register
// themselves by name, one file each:
//
//	inprocess   server.New in the harness process (leak check: goleak)
//	subprocess  `hangar server` as a child process; kill = SIGKILL,
//	            pause = SIGSTOP, resume = SIGCONT, restart keeps the data dir
//	            and the ports
//	external    an already running server at a URL; no actions
//	container   the server in a container (testcontainers-go, container.go):
//	            kill = docker kill, pause/resume = docker pause, restart keeps
//	            the bind-mounted data dir and the ports
package launch
