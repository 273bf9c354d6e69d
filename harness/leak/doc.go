// Package leak checks a target for goroutine leaks.
//
// Out of process (Remote), it reads the server's admin pprof endpoints:
// /debug/pprof/goroutineleak (standard since Go 1.27)
// must report no leaked goroutine, and the goroutine profile taken after the
// run drained must have no more goroutines than the one taken before load,
// compared group by group ("top frame": the first frame outside the
// runtime and stdlib plumbing such as internal/poll, sync, net and bufio).
// Idle connections must be closed by the caller first; the check then polls
// until the counts settle or a deadline passes, and attaches the stacks when
// they do not.
//
// In process (Local), it compares goroutines with go.uber.org/goleak against
// a snapshot taken before load.
package leak
