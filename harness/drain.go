package harness

import (
	"context"
	"time"

	"github.com/hangarhq/hangar/harness/assert"

	"github.com/hangarhq/hangar/harness/report"
)

// pollEvery is how often drain and recovery conditions are re-read.
const pollEvery = 100 * time.Millisecond

// awaitDrain waits until every accepted document reached a terminal state
// or the progress bound (from the last upload answered) has passed.
func (r *run) awaitDrain(ctx context.Context, t *tracker) {
	bound := DefaultDrainBound
	if b, ok := assert.DrainBound(r.s.Expect); ok {
		bound = b
	}
	_, last := r.rec.counts()
	deadline := r.rec.start.Add(last.D() + bound + time.Second)
	r.until(ctx, deadline, func() bool { return len(r.rec.accepted()) == 0 || t.drained() })
	r.phase(assert.PhaseDrainDone, "")
}

// awaitRecovery keeps probing after the last fault cleared until health
// answers again, bounded by the recovery expectation.
func (r *run) awaitRecovery(ctx context.Context) {
	within, ok := assert.RecoveryBound(r.s.Expect)
	if !ok {
		return
	}
	var rep report.Report
	r.rec.fill(&rep)
	clear, ok := lastFaultClear(rep.Events)
	if !ok {
		return
	}
	deadline := r.rec.start.Add(clear.D() + within)
	r.until(ctx, deadline, func() bool { return r.healthyAfter(clear + report.Duration(500*time.Millisecond)) })
}

func lastFaultClear(es []report.Event) (report.Duration, bool) {
	var clear report.Duration
	found := false
	for _, e := range es {
		if e.Fault {
			if e.End == 0 {
				return 0, false
			}
			clear, found = max(clear, e.End), true
		}
	}
	return clear, found
}

func (r *run) healthyAfter(t report.Duration) bool {
	r.rec.mu.Lock()
	defer r.rec.mu.Unlock()
	for _, p := range r.rec.probes {
		if p.At >= t && p.OK {
			return true
		}
	}
	return false
}

// until polls cond until it holds, the deadline passes or ctx ends.
func (r *run) until(ctx context.Context, deadline time.Time, cond func() bool) {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for !cond() && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reconcile reads every accepted document's final state from the
// profile's list or document source, and the count source's figure, with
// its own short deadline so it also runs after a hard stop.
func (r *run) reconcile(ctx context.Context, t *tracker) {
	budget := 5 * time.Second
	if ctx.Err() != nil {
		budget = 2 * time.Second // after a hard stop: a short look, then report
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	docs, ok, err := t.st.final(cctx, r.rec.accepted())
	if err != nil {
		r.listErr = "final state: " + err.Error()
	}
	if ok {
		r.final = docs
	}
	if r.api.State.Count != nil {
		if n, err := t.st.count(cctx); err == nil {
			r.count = &n
		}
	}
}
