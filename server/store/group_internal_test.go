package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
)

// TestGroupIsolatesOps runs one group whose ops succeed, fail, or abort the
// shared transaction: a failed op is rolled back to its savepoint alone;
// an aborted transaction makes every op run again alone, so the others
// still commit and only the culprit fails.
func TestGroupIsolatesOps(t *testing.T) {
	insert := func(id string) func(context.Context, *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			return insertDocument(ctx, tx, Document{DocID: id, Title: id, ContentSHA256: id}, "[]")
		}
	}
	errFail := errors.New("op failed")
	tests := []struct {
		name    string
		abort   bool           // one op rolls the whole transaction back
		wantRun map[string]int // runs of the good ops' fns
	}{
		{"one op fails", false, map[string]int{"d_a": 1, "d_b": 1}},
		// d_a ran in the aborted group and again alone; d_b only alone
		{"one op aborts the transaction", true, map[string]int{"d_a": 2, "d_b": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				st, err := Open(t.Context(), Config{Dir: t.TempDir()})
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				runs := map[string]int{}
				counted := func(id string) func(context.Context, *sql.Tx) error {
					return func(ctx context.Context, tx *sql.Tx) error { runs[id]++; return insert(id)(ctx, tx) }
				}
				bad := func(ctx context.Context, tx *sql.Tx) error {
					if err := insert("d_bad")(ctx, tx); err != nil {
						return err
					}
					if tt.abort {
						_, err := tx.ExecContext(ctx, `ROLLBACK`)
						return err
					}
					return errFail
				}
				ops := []func(context.Context, *sql.Tx) error{counted("d_a"), bad, counted("d_b")}
				release, err := st.Writer().Hold(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				errs := make([]error, len(ops))
				done := make(chan struct{})
				for i, fn := range ops {
					go func() { errs[i] = st.writeDurable(t.Context(), fn, nil); done <- struct{}{} }()
					synctest.Wait() // queued in this order
				}
				release()
				for range ops {
					<-done
				}
				if errs[0] != nil || errs[2] != nil || errs[1] == nil {
					t.Errorf("errors %v; want only the middle op to fail", errs)
				}
				if !tt.abort && !errors.Is(errs[1], errFail) {
					t.Errorf("failed op: %v, want %v", errs[1], errFail)
				}
				for _, id := range []string{"d_a", "d_b"} {
					if _, err := st.GetDocument(t.Context(), id); err != nil {
						t.Errorf("%s: %v", id, err)
					}
					if runs[id] != tt.wantRun[id] {
						t.Errorf("%s ran %d times, want %d", id, runs[id], tt.wantRun[id])
					}
				}
				if _, err := st.GetDocument(t.Context(), "d_bad"); !errors.Is(err, ErrNotFound) {
					t.Errorf("the failed op's row: %v, want ErrNotFound", err)
				}
			})
		})
	}
}

// TestGroupCommitSkipsCallersWhoLeft checks that an op whose caller's
// context ended while an earlier op of its group ran is reported as
// not started, and the rest of the group commits.
func TestGroupCommitSkipsCallersWhoLeft(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st, err := Open(t.Context(), Config{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ctx, cancel := context.WithCancel(t.Context())
		first := func(ctx context.Context, tx *sql.Tx) error {
			cancel() // the second caller leaves while this op runs
			return insertDocument(ctx, tx, Document{DocID: "d_1", Title: "1", ContentSHA256: "1"}, "[]")
		}
		second := func(ctx context.Context, tx *sql.Tx) error {
			return fmt.Errorf("ran although its caller had left")
		}
		release, err := st.Writer().Hold(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 2)
		go func() { errs <- st.write(t.Context(), first) }()
		synctest.Wait()
		go func() { errs <- st.write(ctx, second) }()
		synctest.Wait()
		release()
		got := []error{<-errs, <-errs}
		var busy, ok int
		for _, err := range got {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrBusy) && errors.Is(err, context.Canceled):
				busy++
			default:
				t.Errorf("unexpected error %v", err)
			}
		}
		if ok != 1 || busy != 1 {
			t.Errorf("results %v, want one success and one ErrBusy", got)
		}
		if _, err := st.GetDocument(t.Context(), "d_1"); err != nil {
			t.Errorf("d_1: %v", err)
		}
	})
}
