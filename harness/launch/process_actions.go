package launch

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"
)

// Do applies a to the whole process group: kill is SIGKILL (the group is
// gone before Do returns), pause SIGSTOP, resume SIGCONT (each returns
// once /proc shows every thread of every member stopped, or running
// again), restart stops a running group (SIGTERM, grace, SIGKILL) and
// starts the command again on the same ports and data dir.
func (t *process) Do(ctx context.Context, a Action) error {
	t.mu.Lock()
	c := t.child
	t.mu.Unlock()
	switch a {
	case Kill:
		if c == nil {
			return errors.New("kill: server is not running")
		}
		c.kill()
		t.setChild(nil)
		return nil
	case Pause, Resume:
		return pauseResume(ctx, c, a)
	case Restart:
		if c != nil {
			_ = c.terminate(ctx)
		}
		t.setChild(nil)
		return t.start(ctx)
	}
	return fmt.Errorf("%s: %w", a, ErrUnsupported)
}

func (t *process) setChild(c *child) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.child = c
}

func pauseResume(ctx context.Context, c *child, a Action) error {
	if c == nil {
		return fmt.Errorf("%s: server is not running", a)
	}
	sig, want := syscall.SIGSTOP, wantStopped
	if a == Resume {
		sig, want = syscall.SIGCONT, wantRunning
	}
	if err := c.signal(sig); err != nil {
		return fmt.Errorf("%s: %w", a, err)
	}
	if err := waitGroup(ctx, c.pgid, want); err != nil {
		return fmt.Errorf("%s: %w", a, err)
	}
	return nil
}

// Close stops the group gracefully (SIGTERM, then SIGKILL after StopGrace
// or when ctx ends) and reports an unclean exit.
func (t *process) Close(ctx context.Context) error {
	t.mu.Lock()
	c := t.child
	t.child = nil
	t.mu.Unlock()
	if c == nil {
		return nil
	}
	if err := c.terminate(ctx); err != nil {
		return fmt.Errorf("server exit: %w", err)
	}
	return nil
}

// signal sends sig to the group while its leader lives.
func (c *child) signal(sig syscall.Signal) error {
	select {
	case <-c.done:
		return errors.New("server process has exited")
	default:
	}
	return syscall.Kill(-c.pgid, sig)
}

// kill SIGKILLs the group and waits until the leader is reaped and no
// member is left.
func (c *child) kill() {
	_ = syscall.Kill(-c.pgid, syscall.SIGKILL)
	<-c.done
	_ = syscall.Kill(-c.pgid, syscall.SIGKILL) // members that forked meanwhile
	_ = waitGroup(context.Background(), c.pgid, wantGone)
}

// terminate sends SIGCONT and SIGTERM to the group, waits StopGrace (or
// until ctx ends) for the leader, then kills whatever is left of the
// group. It returns the leader's exit error; death by SIGTERM is a clean
// exit (not every program handles it).
func (c *child) terminate(ctx context.Context) error {
	_ = syscall.Kill(-c.pgid, syscall.SIGCONT)
	_ = syscall.Kill(-c.pgid, syscall.SIGTERM)
	timer := time.NewTimer(StopGrace)
	defer timer.Stop()
	var err error
	select {
	case <-c.done:
		err = c.err
	case <-timer.C:
		err = fmt.Errorf("server ignored SIGTERM for %s; killed", StopGrace)
	case <-ctx.Done():
		err = fmt.Errorf("server still running when the stop deadline came (%w); killed", context.Cause(ctx))
	}
	c.kill()
	if sigterm(err) {
		return nil
	}
	return err
}

func sigterm(err error) bool {
	var ee interface{ Sys() any }
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGTERM
}
