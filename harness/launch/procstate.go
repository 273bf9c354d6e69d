package launch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// StateWait bounds how long pause and resume wait for the kernel to report
// the process stopped or running again.
const StateWait = 5 * time.Second

// waitStopped waits until every thread of pid is in state T (stopped) when
// stopped is true, or none is when it is false. kill(2) returns before a
// multi-threaded process has finished its group stop: a thread already
// running can still answer a request for a moment, so a pause is only done
// once /proc says so. Where /proc is missing (not Linux) it returns at once.
func waitStopped(ctx context.Context, pid int, stopped bool) error {
	ctx, cancel := context.WithTimeout(ctx, StateWait)
	defer cancel()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		all, ok := threadsStopped(pid)
		if !ok || all == stopped {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("process %d not %s after %s", pid, map[bool]string{true: "stopped", false: "running"}[stopped], StateWait)
		case <-tick.C:
		}
	}
}

// threadsStopped reports whether every thread of pid is stopped (state T or
// t), and ok=false when /proc cannot tell (no /proc, process gone).
func threadsStopped(pid int) (all, ok bool) {
	stats, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
	if err != nil || len(stats) == 0 {
		return false, false
	}
	anyRunning, anyStopped := false, false
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // the thread exited
		}
		st, good := procState(b)
		if !good {
			continue
		}
		if st == 'T' || st == 't' {
			anyStopped = true
		} else {
			anyRunning = true
		}
	}
	if !anyRunning && !anyStopped {
		return false, false
	}
	return !anyRunning, true
}

// procState returns the state field of a /proc/<pid>/stat line: the first
// character after the last ')' (the command name may contain spaces or
// parentheses).
func procState(stat []byte) (byte, bool) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 || i+2 >= len(stat) {
		return 0, false
	}
	return stat[i+2], true
}
