package harness

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/report"
)

// errVerdictFinal is the cause of the wait context once every stated
// entry's verdict is final: the waits after load end, the rest of the run
// (reconcile, leak check, evaluation) goes on as usual.
var errVerdictFinal = errors.New("verdict final")

// finalWatch asks assert.AllFinal, on every poll tick after the load, whether
// the run's verdict can still change; when it cannot, it records the early
// stop and cancels the wait context.
type finalWatch struct {
	stop context.CancelCauseFunc
	done chan struct{}
	once sync.Once
}

// watchFinal returns the context the post-load waits use and the watch;
// close it before the run goes on to reconcile.
func (r *run) watchFinal(ctx context.Context, tl *timeline) (context.Context, *finalWatch) {
	wctx, stop := context.WithCancelCause(ctx)
	w := &finalWatch{stop: stop, done: make(chan struct{})}
	if r.noEarlyStop {
		close(w.done)
		return wctx, w
	}
	go func() {
		defer close(w.done)
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		for {
			if assert.AllFinal(r.finalInput(tl)) {
				now := r.rec.now()
				r.rec.event(report.Event{At: now, Kind: report.EventPhase, Name: "verdict final", Step: -1,
					Detail: fmt.Sprintf("verdict final at %s, stopping early (duration %s)", now.D().Round(100*time.Millisecond), r.s.Duration)})
				stop(errVerdictFinal)
				return
			}
			select {
			case <-wctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return wctx, w
}

// close stops the watch and waits for it.
func (w *finalWatch) close() {
	w.once.Do(func() { w.stop(nil) })
	<-w.done
}

// finalInput is the view of the run so far the Final checks read.
func (r *run) finalInput(tl *timeline) *assert.Input {
	in := r.live.input()
	r.rec.fillEvents(in.R)
	in.LastAnswered = r.rec.lastAnsweredAt()
	in.StepsLeft = tl.left()
	return in
}
