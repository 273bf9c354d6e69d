package cascade

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// index runs one claimed row to its next state.
func (w *Worker) index(ctx context.Context, c store.Claim) {
	w.m.inflight.Inc()
	defer w.m.inflight.Dec()
	err := w.indexVectors(ctx, c)
	if ctx.Err() != nil {
		return // shutting down: Close releases the lease without counting the attempt
	}
	if err != nil {
		w.fail(ctx, c, err)
		return
	}
	w.finish(ctx, c)
}

func (w *Worker) indexVectors(ctx context.Context, c store.Claim) error {
	if len(c.Topics) == 0 {
		return nil
	}
	if w.cfg.StoreLockAcrossCall {
		return w.indexUnderTableLock(ctx, c)
	}
	ectx, cancel := context.WithTimeout(ctx, w.cfg.EmbedTimeout)
	vecs, err := w.embed(ectx, c)
	cancel()
	if err != nil {
		return err
	}
	return w.upsert(ctx, c, vecs)
}

// indexUnderTableLock is the store-lock-across-call defect: like EverOS'
// vector repository, it takes the per-table write lock first, then awaits
// the embedding call under it with no deadline. A call that never returns
// keeps the lock forever and every other document queues behind it in
// indexing. Only shutdown (ctx) ends the wait. (The lock is a channel, not a
// sync.Mutex, so that shutdown can interrupt the wait.)
func (w *Worker) indexUnderTableLock(ctx context.Context, c store.Claim) error {
	select {
	case w.tableLock <- struct{}{}: // waits as long as the holder's call takes
	case <-ctx.Done():
		return ctx.Err() // shutdown only
	}
	defer func() { <-w.tableLock }()
	vecs, err := w.embed(ctx, c)
	if err != nil {
		return err
	}
	return w.upsert(ctx, c, vecs)
}

func (w *Worker) embed(ctx context.Context, c store.Claim) ([][]float32, error) {
	texts := make([]string, len(c.Topics))
	for i, t := range c.Topics {
		texts[i] = t.Summary
		if texts[i] == "" {
			texts[i] = t.Name
		}
	}
	vecs, err := w.emb.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embed %d topics: %w", len(texts), err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embed: %d vectors for %d topics", len(vecs), len(texts))
	}
	return vecs, nil
}

// TopicRowID is the vector-row id of a document's i-th topic; stable, so
// re-indexing a document replaces its rows.
func TopicRowID(docID string, i int) string { return fmt.Sprintf("%s_t%04d", docID, i) }

func (w *Worker) upsert(ctx context.Context, c store.Claim, vecs [][]float32) error {
	rows := make([]store.TopicRow, len(c.Topics))
	for i, t := range c.Topics {
		rows[i] = store.TopicRow{ID: TopicRowID(c.DocID, i), DocID: c.DocID, CategoryID: c.CategoryID,
			TopicName: t.Name, Summary: t.Summary, MDPath: c.MDPath, ContentSHA256: c.ContentSHA256, Vector: vecs[i]}
	}
	sctx, cancel := context.WithTimeout(ctx, w.cfg.StoreTimeout)
	defer cancel()
	return w.vs.Upsert(sctx, rows)
}

func (w *Worker) finish(ctx context.Context, c store.Claim) {
	sctx, cancel := context.WithTimeout(ctx, w.cfg.StoreTimeout)
	defer cancel()
	err := w.st.MarkIndexed(sctx, c.DocID, w.cfg.InstanceID)
	switch {
	case err == nil:
		w.m.completed.Inc()
		w.progress()
	case errors.Is(err, store.ErrLeaseLost):
		w.dropIfDeleted(sctx, c.DocID)
	default: // the lease expires and the watchdog hands the row back
		w.log.Warn("mark indexed failed", "doc_id", c.DocID, "err", err)
	}
}

// dropIfDeleted removes vectors written for a document deleted while it was
// being indexed.
func (w *Worker) dropIfDeleted(ctx context.Context, docID string) {
	if _, err := w.st.GetDocument(ctx, docID); !errors.Is(err, store.ErrNotFound) {
		w.log.Info("lease lost before mark indexed", "doc_id", docID)
		return
	}
	if err := w.vs.DeleteByDoc(ctx, docID); err != nil {
		w.log.Warn("delete vectors of deleted document failed", "doc_id", docID, "err", err)
	}
}

func (w *Worker) fail(ctx context.Context, c store.Claim, cause error) {
	sctx, cancel := context.WithTimeout(ctx, w.cfg.StoreTimeout)
	defer cancel()
	msg := cause.Error()
	var err error
	if c.Attempts >= w.cfg.MaxAttempts {
		err = w.st.MarkFailed(sctx, c.DocID, w.cfg.InstanceID, msg)
		if err == nil {
			w.m.failed.Inc()
			w.progress()
		}
	} else {
		err = w.st.Retry(sctx, c.DocID, w.cfg.InstanceID, msg, time.Now().Add(w.backoff(c.Attempts)))
		if err == nil {
			w.m.retries.Inc()
		}
	}
	w.log.Warn("indexing attempt failed", "doc_id", c.DocID, "attempt", c.Attempts, "err", cause, "store_err", err)
}

// backoff is BackoffBase * 2^(attempt-1), capped at BackoffMax, scaled by a
// jitter factor in [0.5, 1).
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.cfg.BackoffBase
	for i := 1; i < attempt && d < w.cfg.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, w.cfg.BackoffMax)
	w.randMu.Lock()
	f := 0.5 + w.cfg.Rand.Float64()/2
	w.randMu.Unlock()
	return time.Duration(float64(d) * f)
}

func (w *Worker) progress() {
	now := time.Now()
	w.lastProgress.Store(now.UnixNano())
	w.m.lastProgress.Set(float64(now.UnixNano()) / 1e9)
}
