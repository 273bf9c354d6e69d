package harness

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/harness/scenario"
)

func intp(n int) *int                     { return &n }
func durp(d time.Duration) *time.Duration { return &d }

func TestTimelineGateHoldsUntilApplied(t *testing.T) {
	steps := []scenario.Step{{AfterUploads: intp(3)}, {AfterUploads: intp(0)}}
	var mu sync.Mutex
	var applied []int
	tl := newTimeline(steps, func(_ context.Context, i int) {
		mu.Lock()
		defer mu.Unlock()
		applied = append(applied, i)
	})
	ctx := context.Background()
	tl.start(ctx, time.Now())
	tl.wait()
	if len(applied) != 1 || applied[0] != 1 {
		t.Fatalf("after start applied %v, want the after_uploads 0 step", applied)
	}
	for n := 1; n <= 3; n++ {
		if err := tl.Wait(ctx, n); err != nil {
			t.Fatalf("upload %d held: %v", n, err)
		}
	}
	held := make(chan error, 1)
	go func() { held <- tl.Wait(ctx, 4) }()
	select {
	case err := <-held:
		t.Fatalf("upload 4 went before the after_uploads 3 step: %v", err)
	default:
	}
	tl.answered(ctx, 3)
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if len(applied) != 2 || applied[1] != 0 {
		t.Fatalf("applied %v", applied)
	}
}

func TestTimelineGateCancelled(t *testing.T) {
	tl := newTimeline([]scenario.Step{{AfterUploads: intp(1)}}, func(context.Context, int) {})
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ErrHardStop)
	if err := tl.Wait(ctx, 2); !errors.Is(err, ErrHardStop) {
		t.Fatalf("Wait = %v, want the hard stop", err)
	}
}

// TestTimelineTimedSteps runs in virtual time: steps fire at their offsets
// in order, and a cancelled run stops the timeline goroutine.
func TestTimelineTimedSteps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var fired []time.Duration
		steps := []scenario.Step{{At: durp(20 * time.Second)}, {At: durp(3 * time.Second)}}
		tl := newTimeline(steps, func(_ context.Context, i int) { fired = append(fired, time.Since(start)) })
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		tl.start(ctx, start)
		<-tl.done()
		if len(fired) != 2 || fired[0] != 3*time.Second || fired[1] != 20*time.Second {
			t.Fatalf("fired at %v, want [3s 20s]", fired)
		}

		tl2 := newTimeline([]scenario.Step{{At: durp(time.Hour)}}, func(context.Context, int) { t.Error("fired after cancel") })
		ctx2, cancel2 := context.WithCancel(context.Background())
		tl2.start(ctx2, time.Now())
		cancel2()
		tl2.wait()
	})
}
