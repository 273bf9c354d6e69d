package cascade

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// Worker is the background cascade: it claims pending change rows, embeds
// their topic summaries, upserts the vectors and marks the rows indexed.
type Worker struct {
	st  *store.Store
	vs  store.VectorStore
	emb Embedder
	cfg Config
	log *slog.Logger
	m   *metrics

	randMu    sync.Mutex    // guards cfg.Rand
	tableLock chan struct{} // the per-table write lock (1 slot); only the StoreLockAcrossCall defect takes it
	kick      chan struct{} // wake-ups besides the store's notify channel

	lastProgress atomic.Int64 // unix nanos

	mu     sync.Mutex // guards cancel (nil until Start)
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New checks cfg and builds a Worker; Start runs it.
func New(st *store.Store, vs store.VectorStore, emb Embedder, cfg Config) (*Worker, error) {
	if st == nil || vs == nil || emb == nil {
		return nil, errors.New("cascade: store, vector store and embedder are required")
	}
	cfg.fill()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, fmt.Errorf("cascade metrics: %w", err)
	}
	return &Worker{st: st, vs: vs, emb: emb, cfg: cfg, m: m, kick: make(chan struct{}, 1),
		tableLock: make(chan struct{}, 1),
		log:       cfg.Logger.With("component", "cascade", "instance", cfg.InstanceID)}, nil
}

// InstanceID is the lease owner this worker claims rows as.
func (w *Worker) InstanceID() string { return w.cfg.InstanceID }

// LastProgress is when a document last reached indexed or failed here
// (zero before the first).
func (w *Worker) LastProgress() time.Time {
	if n := w.lastProgress.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// Kick wakes the worker to claim now (the store's Notify does the same).
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Start recovers the rows a previous instance left in indexing (unless
// NoLeaseExpiry), then starts the dispatcher, the watchdog and the gauge
// refresher. ctx bounds the recovery only (its values are kept); the
// goroutines run until Close.
func (w *Worker) Start(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		return errors.New("cascade: already started")
	}
	if !w.cfg.NoLeaseExpiry {
		n, err := w.st.RecoverIndexing(ctx, w.cfg.InstanceID)
		if err != nil {
			return fmt.Errorf("cascade start: %w", err)
		}
		w.m.reclaims.Add(float64(n))
		if n > 0 {
			w.log.Info("recovered rows left indexing by a previous instance", "rows", n)
		}
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w.cancel = cancel
	w.goRun(func() { w.dispatch(runCtx) })
	w.goRun(func() { w.refreshLoop(runCtx) })
	if !w.cfg.NoLeaseExpiry {
		w.goRun(func() { w.watchdog(runCtx) })
	}
	return nil
}

func (w *Worker) goRun(fn func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		fn()
	}()
}

// Close stops claiming, cancels in-flight embed calls, waits for every
// goroutine (up to ctx), then releases this instance's leases so the rows
// are pending again for the next start.
func (w *Worker) Close(ctx context.Context) error {
	w.mu.Lock()
	cancel := w.cancel
	w.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return fmt.Errorf("cascade close: workers still running: %w", ctx.Err())
	}
	n, err := w.st.Release(ctx, w.cfg.InstanceID)
	if err != nil {
		return fmt.Errorf("cascade close: %w", err)
	}
	if n > 0 {
		w.log.Info("released leases", "rows", n)
	}
	return nil
}

// idle waits for a wake-up, the poll interval, or the end of ctx.
func (w *Worker) idle(ctx context.Context) {
	t := time.NewTimer(w.cfg.PollInterval)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-w.st.Notify():
	case <-w.kick:
	case <-t.C:
	}
}

func (w *Worker) claim(ctx context.Context, n int) []store.Claim {
	lease := w.cfg.Lease
	if w.cfg.NoLeaseExpiry {
		lease = 0 // defect: the claim never expires
	}
	cctx, cancel := context.WithTimeout(ctx, w.cfg.StoreTimeout)
	defer cancel()
	claims, err := w.st.Claim(cctx, w.cfg.InstanceID, n, lease)
	if err != nil && ctx.Err() == nil {
		w.log.Warn("claim failed", "err", err)
	}
	return claims
}
