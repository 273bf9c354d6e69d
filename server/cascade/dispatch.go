package cascade

import (
	"context"
	"sync"
	"time"
)

func (w *Worker) dispatch(ctx context.Context) {
	if w.cfg.BatchBarrier {
		w.dispatchBatches(ctx)
		return
	}
	w.dispatchSlots(ctx)
}

// dispatchSlots claims as many rows as there are free worker slots, so a
// slow document only ever occupies its own slot.
func (w *Worker) dispatchSlots(ctx context.Context) {
	slots := make(chan struct{}, w.cfg.Workers)
	for {
		n := acquire(ctx, slots)
		if n == 0 {
			return
		}
		claims := w.claim(ctx, n)
		for range n - len(claims) {
			<-slots
		}
		if len(claims) == 0 {
			w.idle(ctx)
			continue
		}
		for _, c := range claims {
			w.goRun(func() {
				defer func() { <-slots }()
				w.index(ctx, c)
			})
		}
	}
}

// acquire blocks for one free slot, then takes every other free one; 0
// means ctx ended.
func acquire(ctx context.Context, slots chan struct{}) int {
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return 0
	}
	n := 1
	for n < cap(slots) {
		select {
		case slots <- struct{}{}:
			n++
		default:
			return n
		}
	}
	return n
}

// dispatchBatches is the batch-barrier defect: claim up to BatchSize rows,
// index them with Workers goroutines, and claim nothing more until every
// row of the batch has returned. One call that never returns stalls the
// whole queue behind it.
func (w *Worker) dispatchBatches(ctx context.Context) {
	for ctx.Err() == nil {
		claims := w.claim(ctx, w.cfg.BatchSize)
		if len(claims) == 0 {
			w.idle(ctx)
			continue
		}
		var wg sync.WaitGroup
		slots := make(chan struct{}, w.cfg.Workers)
		for _, c := range claims {
			slots <- struct{}{}
			wg.Go(func() {
				defer func() { <-slots }()
				w.index(ctx, c)
			})
		}
		wg.Wait() // the barrier
	}
}

// watchdog hands expired leases back to the queue.
func (w *Worker) watchdog(ctx context.Context) {
	t := time.NewTicker(w.cfg.WatchdogInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.reclaim(ctx)
	}
}

func (w *Worker) reclaim(ctx context.Context) {
	cctx, cancel := context.WithTimeout(ctx, w.cfg.StoreTimeout)
	defer cancel()
	n, failed, err := w.st.ReclaimExpired(cctx, w.cfg.MaxAttempts)
	if err != nil {
		if ctx.Err() == nil {
			w.log.Warn("reclaim expired leases failed", "err", err)
		}
		return
	}
	if n > 0 {
		w.m.reclaims.Add(float64(n))
		w.m.failed.Add(float64(failed))
		w.log.Warn("reclaimed expired leases", "rows", n, "failed", failed)
	}
}

// refreshLoop keeps the queue gauges current, so a scrape never touches
// the database.
func (w *Worker) refreshLoop(ctx context.Context) {
	t := time.NewTicker(w.cfg.PollInterval)
	defer t.Stop()
	for {
		w.refresh(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (w *Worker) refresh(ctx context.Context) {
	cctx, cancel := context.WithTimeout(ctx, w.cfg.StoreTimeout)
	defer cancel()
	st, err := w.st.QueueStats(cctx)
	if err != nil {
		return
	}
	for s, n := range st.Counts {
		w.m.depth.WithLabelValues(string(s)).Set(float64(n))
	}
	age := 0.0
	if !st.OldestPending.IsZero() {
		age = max(time.Since(st.OldestPending).Seconds(), 0)
	}
	w.m.oldestAge.Set(age)
}
