package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Defaults for WriterConfig.
const (
	DefaultQueueSize = 256
	DefaultMaxWait   = 30 * time.Second
)

// WriterConfig configures a Writer.
type WriterConfig struct {
	// QueueSize bounds the writes waiting for the writer; 0 means
	// DefaultQueueSize. A write submitted to a full queue fails at once
	// with ErrBusy.
	QueueSize int
	// MaxWait bounds a write whose context has no deadline (queueing and
	// running); 0 means DefaultMaxWait. No write waits unbounded.
	MaxWait time.Duration
	// Registerer receives hangar_store_queue_depth and
	// hangar_store_write_duration_seconds; nil registers nothing.
	Registerer prometheus.Registerer
}

// Writer is the single writer: one goroutine runs every write, in order,
// from a bounded queue. Submitting never waits on a full queue, and a write
// still queued when its context ends is dropped and reported as ErrBusy.
type Writer struct {
	queue   chan *writeReq
	group   func([]groupOp) []error // runs grouped requests; nil: none are submitted
	maxWait time.Duration
	wg      sync.WaitGroup
	mu      sync.RWMutex // guards closed; held for reading while enqueueing
	closed  bool
	metrics *writerMetrics
}

const (
	reqQueued int32 = iota
	reqRunning
	reqAbandoned
)

type writeReq struct {
	ctx   context.Context
	fn    func(context.Context) error // a solo write; nil for a grouped one
	op    any                         // a grouped write, for Writer.group
	state atomic.Int32
	res   chan error // buffered, 1
}

// groupOp is one grouped write handed to Writer.group.
type groupOp struct {
	ctx context.Context
	op  any
}

// MaxGroup bounds how many queued grouped writes the writer runs together.
const MaxGroup = 64

// NewWriter starts a writer goroutine; Close stops it.
func NewWriter(cfg WriterConfig) (*Writer, error) { return newWriter(cfg, nil) }

// newWriter is NewWriter with a group runner: consecutive grouped requests
// (doOp) at the head of the queue, up to MaxGroup, run in one call of group,
// which returns one error per op. Solo requests (Do, Hold) always run alone.
func newWriter(cfg WriterConfig, group func([]groupOp) []error) (*Writer, error) {
	if cfg.QueueSize < 0 || cfg.MaxWait < 0 {
		return nil, fmt.Errorf("writer: queue size %d, max wait %v: %w", cfg.QueueSize, cfg.MaxWait, ErrInvalid)
	}
	if cfg.QueueSize == 0 {
		cfg.QueueSize = DefaultQueueSize
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	w := &Writer{queue: make(chan *writeReq, cfg.QueueSize), maxWait: cfg.MaxWait, group: group}
	m, err := newWriterMetrics(cfg.Registerer, func() float64 { return float64(len(w.queue)) })
	if err != nil {
		return nil, err
	}
	w.metrics = m
	w.wg.Add(1)
	go w.run()
	return w, nil
}

// Do runs fn on the writer goroutine and returns its error. fn receives ctx
// and must honour it. If the queue is full Do returns ErrBusy at once; if ctx
// ends before fn starts, Do returns an error wrapping ErrBusy and ctx.Err()
// and fn never runs. A ctx without a deadline gets MaxWait.
func (w *Writer) Do(ctx context.Context, fn func(context.Context) error) error {
	return w.submit(ctx, &writeReq{fn: fn})
}

// doOp is Do for a grouped write: op goes to the group runner, possibly
// together with the grouped writes queued behind it. Like Do it returns
// only once the runner has finished with op.
func (w *Writer) doOp(ctx context.Context, op any) error {
	return w.submit(ctx, &writeReq{op: op})
}

func (w *Writer) submit(ctx context.Context, req *writeReq) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.maxWait)
		defer cancel()
	}
	if err := w.enqueue(ctx, req); err != nil {
		return err
	}
	return w.wait(ctx, req)
}

func (w *Writer) enqueue(ctx context.Context, req *writeReq) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write not started: %w: %w", ErrBusy, err)
	}
	req.ctx, req.res = ctx, make(chan error, 1)
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	select {
	case w.queue <- req:
		return nil
	default:
		w.metrics.rejected.WithLabelValues("queue_full").Inc()
		return fmt.Errorf("write queue full (%d queued): %w", cap(w.queue), ErrBusy)
	}
}

func (w *Writer) wait(ctx context.Context, req *writeReq) error {
	select {
	case err := <-req.res:
		return err
	case <-ctx.Done():
		if req.state.CompareAndSwap(reqQueued, reqAbandoned) {
			w.metrics.rejected.WithLabelValues("deadline").Inc()
			return fmt.Errorf("write still queued at deadline: %w: %w", ErrBusy, ctx.Err())
		}
		return <-req.res // already running; fn sees ctx end and returns
	}
}

// Hold occupies the writer until release is called: every other write
// queues behind it. It is for maintenance (consistent snapshots) and tests.
// Hold itself obeys ctx like any write.
func (w *Writer) Hold(ctx context.Context) (release func(), err error) {
	started, rel := make(chan struct{}), make(chan struct{})
	req := &writeReq{fn: func(context.Context) error {
		close(started)
		<-rel
		return nil
	}}
	if err := w.enqueue(context.WithoutCancel(ctx), req); err != nil {
		return nil, err
	}
	select {
	case <-started:
	case <-ctx.Done():
		if req.state.CompareAndSwap(reqQueued, reqAbandoned) {
			return nil, fmt.Errorf("hold: %w: %w", ErrBusy, ctx.Err())
		}
		<-started
	}
	var once sync.Once
	return func() { once.Do(func() { close(rel); <-req.res }) }, nil
}

// Depth is the number of writes waiting in the queue.
func (w *Writer) Depth() int { return len(w.queue) }

// Close stops accepting writes, runs the ones already queued, and waits for
// the writer goroutine to exit. It is idempotent.
func (w *Writer) Close() error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	w.wg.Wait()
	return nil
}

func (w *Writer) run() {
	defer w.wg.Done()
	var next *writeReq // a solo request that ended a group
	for {
		req := next
		next = nil
		if req == nil {
			var ok bool
			if req, ok = <-w.queue; !ok {
				return
			}
		}
		if !w.start(req) {
			continue
		}
		if req.op == nil {
			start := time.Now()
			err := runSafely(req.ctx, req.fn)
			w.metrics.duration.Observe(time.Since(start).Seconds())
			req.res <- err
			continue
		}
		var group []*writeReq
		group, next = w.gather(req)
		w.runGroup(group)
	}
}

// start claims a dequeued request; false when its caller gave up or its
// context ended while it was queued (the caller is told).
func (w *Writer) start(req *writeReq) bool {
	if !req.state.CompareAndSwap(reqQueued, reqRunning) {
		return false // caller gave up while it was queued
	}
	if err := req.ctx.Err(); err != nil {
		req.res <- fmt.Errorf("write not started: %w: %w", ErrBusy, err)
		return false
	}
	return true
}

// runSafely keeps the single writer alive when a write function panics.
func runSafely(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(fmt.Sprint("write panicked: ", r))
		}
	}()
	return fn(ctx)
}
