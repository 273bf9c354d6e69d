package launch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// StateWait bounds how long pause, resume and kill wait for the kernel to
// report the process group stopped, running again or gone.
const StateWait = 5 * time.Second

// groupWant is the state waitGroup waits for.
type groupWant int

const (
	wantStopped groupWant = iota // every thread of every live member stopped
	wantRunning                  // no thread of any live member stopped
	wantGone                     // no live member left (zombies count as gone)
)

func (w groupWant) String() string { return [...]string{"stopped", "running", "gone"}[w] }

// waitGroup waits until the process group pgid is in state want. kill(2)
// returns before a multi-threaded process has finished its group stop: a
// thread already running can still answer a request for a moment, so a
// pause is only done once /proc says so. Where /proc is missing (not
// Linux) it returns at once.
func waitGroup(ctx context.Context, pgid int, want groupWant) error {
	ctx, cancel := context.WithTimeout(ctx, StateWait)
	defer cancel()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		g, ok := readGroup(pgid)
		if !ok || g.is(want) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("process group %d not %s after %s", pgid, want, StateWait)
		case <-tick.C:
		}
	}
}

// group counts the live threads of a process group by state.
type group struct{ members, stopped, running int }

func (g group) is(w groupWant) bool {
	switch w {
	case wantStopped:
		return g.running == 0
	case wantRunning:
		return g.stopped == 0
	}
	return g.members == 0
}

// readGroup scans /proc for the live members of pgid and the states of
// their threads; ok is false when there is no /proc.
func readGroup(pgid int) (g group, ok bool) {
	procs, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(procs) == 0 {
		return g, false
	}
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // exited meanwhile
		}
		st, pg, good := procStat(b)
		if !good || pg != pgid || dead(st) {
			continue
		}
		g.members++
		g.countThreads(filepath.Dir(p))
	}
	return g, true
}

func (g *group) countThreads(procDir string) {
	stats, _ := filepath.Glob(filepath.Join(procDir, "task", "*", "stat"))
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		switch st, good := procState(b); {
		case !good || dead(st):
		case st == 'T' || st == 't':
			g.stopped++
		default:
			g.running++
		}
	}
}

func dead(st byte) bool { return st == 'Z' || st == 'X' || st == 'x' }

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

// procStat returns the state and the process group of a stat line
// ("pid (comm) S ppid pgrp ...").
func procStat(stat []byte) (state byte, pgrp int, ok bool) {
	state, ok = procState(stat)
	if !ok {
		return 0, 0, false
	}
	f := bytes.Fields(stat[bytes.LastIndexByte(stat, ')')+1:])
	if len(f) < 3 {
		return 0, 0, false
	}
	pg, err := strconv.Atoi(string(f[2]))
	return state, pg, err == nil
}
