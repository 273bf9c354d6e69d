package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// gather takes the grouped requests already queued behind first, without
// waiting for more, up to MaxGroup. A solo request ends the group and is
// returned as next, to run after it.
func (w *Writer) gather(first *writeReq) (group []*writeReq, next *writeReq) {
	group = []*writeReq{first}
	for len(group) < MaxGroup {
		select {
		case req, ok := <-w.queue:
			if !ok {
				return group, nil
			}
			if req.op == nil {
				return group, req
			}
			if w.start(req) {
				group = append(group, req)
			}
		default:
			return group, nil
		}
	}
	return group, nil
}

// runGroup runs a group and answers each caller only after the runner has
// returned, i.e. after whatever sync covers the whole group.
func (w *Writer) runGroup(group []*writeReq) {
	ops := make([]groupOp, len(group))
	for i, req := range group {
		ops[i] = groupOp{ctx: req.ctx, op: req.op}
	}
	start := time.Now()
	errs := w.runGroupSafely(ops)
	took := time.Since(start).Seconds()
	for i, req := range group {
		w.metrics.duration.Observe(took)
		req.res <- errs[i]
	}
}

// runGroupSafely keeps the writer alive when the group runner panics: then
// every op of the group fails.
func (w *Writer) runGroupSafely(ops []groupOp) (errs []error) {
	defer func() {
		if r := recover(); r != nil {
			err := errors.New(fmt.Sprint("write group panicked: ", r))
			errs = make([]error, len(ops))
			for i := range errs {
				errs[i] = err
			}
		}
	}()
	if w.group == nil {
		panic("grouped write on a writer without a group runner")
	}
	errs = w.group(ops)
	if len(errs) != len(ops) {
		panic(fmt.Sprintf("group runner returned %d results for %d ops", len(errs), len(ops)))
	}
	return errs
}

// Kinds of SyncEvent.
const (
	// SyncFiles makes a group's document files and directories durable:
	// one syncfs per file system on Linux, else one fsync per path.
	SyncFiles = "files"
	// SyncCommit is the commit of a durable group; with synchronous=FULL
	// SQLite fsyncs the WAL before it returns.
	SyncCommit = "commit"
)

// SyncEvent is reported to Config.SyncHook on the writer goroutine just
// before (After false) and just after (After true) each durability sync.
type SyncEvent struct {
	Kind  string   // SyncFiles or SyncCommit
	After bool     // the sync has returned
	Paths []string // SyncFiles: the paths this sync makes durable
	Err   error    // After: what the sync returned
}

// txOp is a grouped store write: fn runs in the group's transaction under
// its own savepoint.
type txOp struct {
	fn func(ctx context.Context, tx *sql.Tx) error
	// durable: the caller is answered only after the group's commit has
	// fsynced the WAL (the group commits with synchronous=FULL).
	durable bool
	// files, asked after fn succeeded, lists paths to make durable before
	// the commit (files first, then the directories naming them).
	files func() []string
}

// errGroupAborted means SQLite rolled the whole group transaction back.
var errGroupAborted = errors.New("group transaction aborted")

// runGroup is the Writer's group runner: one transaction, one file sync and
// one commit for every op queued together. If SQLite aborts the shared
// transaction (an interrupted statement, an I/O error) nothing of it
// committed, so each op runs again alone and is answered from that run.
func (s *Store) runGroup(ops []groupOp) []error {
	errs := make([]error, len(ops))
	if err := s.runTx(ops, errs); errors.Is(err, errGroupAborted) && len(ops) > 1 {
		for i := range ops {
			_ = s.runTx(ops[i:i+1], errs[i:i+1])
		}
	}
	return errs
}

// runTx runs ops in one transaction, setting errs[i] for each; it returns
// the error that failed the whole transaction, if any.
func (s *Store) runTx(ops []groupOp, errs []error) error {
	txs, durable := make([]txOp, len(ops)), false
	for i, o := range ops {
		txs[i] = o.op.(txOp)
		durable = durable || txs[i].durable
	}
	conn, err := s.wdb.Conn(context.Background())
	if err != nil {
		return failAll(errs, fmt.Errorf("writer connection: %w", err))
	}
	defer conn.Close()
	mode := "NORMAL"
	if durable {
		mode = "FULL"
	}
	if _, err := conn.ExecContext(context.Background(), `PRAGMA synchronous = `+mode); err != nil {
		return failAll(errs, fmt.Errorf("set synchronous: %w", err))
	}
	tx, err := conn.BeginTx(context.Background(), nil)
	if err != nil {
		return failAll(errs, fmt.Errorf("begin: %w", err))
	}
	paths, ok := []string(nil), 0
	for i, op := range txs {
		err, aborted := runOp(ops[i].ctx, tx, op.fn, len(ops) > 1)
		if aborted {
			tx.Rollback()
			return failAll(errs, fmt.Errorf("%w: %w", errGroupAborted, err))
		}
		if errs[i] = err; err == nil {
			ok++
			if op.files != nil {
				paths = append(paths, op.files()...)
			}
		}
	}
	if ok == 0 {
		tx.Rollback()
		return nil
	}
	if err := s.syncFiles(paths); err != nil {
		tx.Rollback()
		return failOK(errs, err)
	}
	if err := s.commit(tx, durable); err != nil {
		return failOK(errs, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// runOp runs one op's fn in tx, under a savepoint when others share tx.
// aborted reports that tx itself is gone.
func runOp(ctx context.Context, tx *sql.Tx, fn func(context.Context, *sql.Tx) error, savepoint bool) (err error, aborted bool) {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write not started: %w: %w", ErrBusy, err), false
	}
	bg := context.Background()
	if !savepoint {
		return runTxSafely(ctx, tx, fn), false
	}
	if _, err := tx.ExecContext(bg, `SAVEPOINT op`); err != nil {
		return fmt.Errorf("savepoint: %w", err), true
	}
	err = runTxSafely(ctx, tx, fn)
	if err != nil {
		if _, rerr := tx.ExecContext(bg, `ROLLBACK TO op`); rerr != nil {
			return errors.Join(err, rerr), true
		}
	}
	if _, rerr := tx.ExecContext(bg, `RELEASE op`); rerr != nil {
		return errors.Join(err, rerr), true
	}
	return err, false
}

func runTxSafely(ctx context.Context, tx *sql.Tx, fn func(context.Context, *sql.Tx) error) error {
	return runSafely(ctx, func(ctx context.Context) error { return fn(ctx, tx) })
}

func (s *Store) syncFiles(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	if err := syncPaths(paths, s.report); err != nil {
		return fmt.Errorf("sync files: %w", err)
	}
	return nil
}

func (s *Store) commit(tx *sql.Tx, durable bool) error {
	if !durable {
		return tx.Commit()
	}
	s.report(SyncEvent{Kind: SyncCommit})
	err := tx.Commit()
	s.report(SyncEvent{Kind: SyncCommit, After: true, Err: err})
	return err
}

func (s *Store) report(ev SyncEvent) {
	if s.syncHook != nil {
		s.syncHook(ev)
	}
}

// failAll sets every errs[i] to err and returns err.
func failAll(errs []error, err error) error {
	for i := range errs {
		errs[i] = err
	}
	return err
}

// failOK sets err on every op that had succeeded (its work is rolled back
// or not durable) and returns err.
func failOK(errs []error, err error) error {
	for i := range errs {
		if errs[i] == nil {
			errs[i] = err
		}
	}
	return err
}
