//go:build unix

package image

import (
	"context"
	"errors"
	"testing"
)

func TestLockBuildWaitsAndHonoursCtx(t *testing.T) {
	unlock, err := lockBuild(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// flock locks are per open file description: a second open in this
	// process contends like another process would.
	ctx, cancel := context.WithTimeout(t.Context(), 3*lockPoll)
	defer cancel()
	if _, err := lockBuild(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock while held: %v, want the deadline", err)
	}
	unlock()
	again, err := lockBuild(t.Context())
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}
