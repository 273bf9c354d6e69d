package promcheck_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/dashboards/promcheck"
)

// fakeBinary writes an executable shell script standing in for prometheus.
func fakeBinary(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fake-prometheus")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

var oneTarget = []promcheck.Target{{Job: "x", Addr: "127.0.0.1:1"}}

func TestStartReportsEarlyExit(t *testing.T) {
	bin := fakeBinary(t, `echo "boom: bad flag $1" >&2; exit 3`)
	_, err := promcheck.Start(context.Background(), promcheck.Config{Binary: bin, Targets: oneTarget})
	if err == nil || !strings.Contains(err.Error(), "exited before it was ready") || !strings.Contains(err.Error(), "boom: bad flag --config.file=") {
		t.Fatalf("err = %v, want early exit with the log", err)
	}
}

// A process that never becomes ready is given up on after StartTimeout and
// killed (SIGTERM ignored, so this also exercises the SIGKILL path); goleak
// in TestMain proves the waiter goroutine is gone.
func TestStartTimesOutAndKills(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	bin := fakeBinary(t, `trap "" TERM; echo $$ > `+pidFile+`; while :; do sleep 0.05; done`)
	_, err := promcheck.Start(context.Background(), promcheck.Config{
		Binary: bin, Targets: oneTarget, StartTimeout: 300 * time.Millisecond, StopGrace: 200 * time.Millisecond,
	})
	if err == nil || !strings.Contains(err.Error(), "not ready within 300ms") {
		t.Fatalf("err = %v, want start timeout", err)
	}
	pid, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatalf("fake prometheus never ran: %v", rerr)
	}
	if _, err := os.Stat("/proc/" + strings.TrimSpace(string(pid))); err == nil {
		t.Errorf("process %s still exists after Start gave up", strings.TrimSpace(string(pid)))
	}
}

func TestStartHonoursContext(t *testing.T) {
	bin := fakeBinary(t, `exec sleep 30`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := promcheck.Start(ctx, promcheck.Config{Binary: bin, Targets: oneTarget})
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("err = %v, want context canceled", err)
	}
}
