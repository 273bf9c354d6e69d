package launch

import (
	"context"
	"fmt"
	"syscall"
	"time"
)

func (t *subprocess) URL() string      { t.mu.Lock(); defer t.mu.Unlock(); return t.api }
func (t *subprocess) AdminURL() string { t.mu.Lock(); defer t.mu.Unlock(); return t.adm }

func (t *subprocess) Supports(Action) bool { return true }

// Do applies a: kill is SIGKILL (the process is reaped before Do returns),
// pause SIGSTOP, resume SIGCONT (each returns once /proc shows every thread
// stopped, or running again), restart stops a running server with
// SIGTERM and starts a new one on the same ports and data dir.
func (t *subprocess) Do(ctx context.Context, a Action) error {
	t.mu.Lock()
	c := t.proc
	t.mu.Unlock()
	switch a {
	case Kill:
		if c == nil {
			return fmt.Errorf("kill: server is not running")
		}
		c.kill()
		t.setProc(nil, false)
		return nil
	case Pause, Resume:
		return t.pauseResume(ctx, c, a)
	case Restart:
		if c != nil {
			t.terminate(c)
		}
		t.setProc(nil, false)
		return t.start(ctx, hostPort(t.URL()), hostPort(t.AdminURL()))
	}
	return fmt.Errorf("%s: %w", a, ErrUnsupported)
}

func (t *subprocess) pauseResume(ctx context.Context, c *child, a Action) error {
	if c == nil {
		return fmt.Errorf("%s: server is not running", a)
	}
	sig := syscall.SIGSTOP
	if a == Resume {
		sig = syscall.SIGCONT
	}
	if err := c.signal(sig); err != nil {
		return fmt.Errorf("%s: %w", a, err)
	}
	if err := waitStopped(ctx, c.cmd.Process.Pid, a == Pause); err != nil {
		return fmt.Errorf("%s: %w", a, err)
	}
	t.mu.Lock()
	t.paused = a == Pause
	t.mu.Unlock()
	return nil
}

func (t *subprocess) setProc(c *child, paused bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.proc, t.paused = c, paused
}

// terminate sends SIGCONT and SIGTERM, waits StopGrace, then SIGKILL; it
// returns the process's exit error (nil for a clean graceful exit).
func (t *subprocess) terminate(c *child) error {
	_ = c.cmd.Process.Signal(syscall.SIGCONT)
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	timer := time.NewTimer(StopGrace)
	defer timer.Stop()
	select {
	case <-c.done:
		return c.err
	case <-timer.C:
		c.kill()
		return fmt.Errorf("server ignored SIGTERM for %s; killed", StopGrace)
	}
}

// Close stops the server gracefully (SIGTERM, then SIGKILL after
// StopGrace or when ctx ends) and reports an unclean exit.
func (t *subprocess) Close(ctx context.Context) error {
	t.mu.Lock()
	c := t.proc
	t.proc = nil
	t.mu.Unlock()
	if c == nil {
		return nil
	}
	stop := context.AfterFunc(ctx, c.kill)
	defer stop()
	if err := t.terminate(c); err != nil {
		return fmt.Errorf("server exit: %w", err)
	}
	return nil
}
