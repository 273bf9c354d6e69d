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

func TestStartRetriesWhenPortTaken(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	t.Setenv(fakeEnv, "busy-once")
	t.Setenv(fakeStateEnv, state)
	p, err := promcheck.Start(context.Background(), promcheck.Config{Binary: os.Args[0], Targets: oneTarget, StartTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(state); strings.Count(string(b), "busy") != 1 {
		t.Errorf("%d starts refused as busy, want 1", strings.Count(string(b), "busy"))
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestStartGivesUpWhenPortAlwaysTaken(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	t.Setenv(fakeEnv, "busy-always")
	t.Setenv(fakeStateEnv, state)
	_, err := promcheck.Start(context.Background(), promcheck.Config{Binary: os.Args[0], Targets: oneTarget, StartTimeout: 20 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("err = %v, want address already in use", err)
	}
	if b, _ := os.ReadFile(state); strings.Count(string(b), "busy") != 3 {
		t.Errorf("started %d times, want 3 attempts", strings.Count(string(b), "busy"))
	}
}
