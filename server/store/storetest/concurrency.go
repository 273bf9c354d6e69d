package storetest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// TestConcurrentWritersSerialised: many goroutines upserting and deleting
// at once lose no acknowledged write. A write refused with ErrBusy is
// retried (that is the contract: refused, not lost).
func TestConcurrentWritersSerialised(t *testing.T, open Opener) {
	vs := openIn(t, open, t.TempDir())
	const writers, perWriter = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			doc := fmt.Sprintf("doc%d", w)
			for i := range perWriter {
				r := row(fmt.Sprintf("w%d-%d", w, i), doc, axis(w+i, float32(i)/perWriter))
				if err := upsertRetrying(t, vs, r); err != nil {
					errs <- err
					return
				}
			}
			// A doomed document per writer, deleted concurrently with the others.
			if err := upsertRetrying(t, vs, row(fmt.Sprintf("tmp%d", w), "tmp"+doc, axis(w, 0))); err != nil {
				errs <- err
				return
			}
			if err := vs.DeleteByDoc(ctxFor(t), "tmp"+doc); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := all(t, vs)
	if len(got) != writers*perWriter {
		t.Fatalf("rows after %d concurrent writers x %d: got %d, want %d", writers, perWriter, len(got), writers*perWriter)
	}
	for w := range writers {
		for i := range perWriter {
			id := fmt.Sprintf("w%d-%d", w, i)
			if h, ok := got[id]; !ok || h.DocID != fmt.Sprintf("doc%d", w) {
				t.Errorf("row %s lost or wrong: %+v", id, h)
			}
		}
	}
}

func upsertRetrying(t *testing.T, vs store.VectorStore, r store.TopicRow) error {
	for attempt := 0; ; attempt++ {
		err := vs.Upsert(ctxFor(t), []store.TopicRow{r})
		if !errors.Is(err, store.ErrBusy) || attempt == 100 {
			return err
		}
		time.Sleep(time.Millisecond) // back off before retrying a refused write
	}
}

// TestWriteDeadlineBusy: while the single writer is occupied, a write
// whose deadline passes returns promptly with an error that is ErrBusy and
// context.DeadlineExceeded, and is never applied later.
func TestWriteDeadlineBusy(t *testing.T, open Opener) {
	vs := openIn(t, open, t.TempDir())
	w := writerOf(t, vs)
	release, err := w.Hold(ctxFor(t))
	if err != nil {
		t.Fatalf("hold writer: %v", err)
	}
	defer release()

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- vs.Upsert(ctx, []store.TopicRow{row("late", "d", axis(0, 0))}) }()
	guard := time.NewTimer(callTimeout)
	defer guard.Stop()
	select {
	case err = <-done:
	case <-guard.C:
		t.Fatalf("upsert with a 50ms deadline still blocked after %v behind a held writer", callTimeout)
	}
	if !errors.Is(err, store.ErrBusy) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("upsert past its deadline: got %v, want ErrBusy and DeadlineExceeded", err)
	}
	release()
	mustUpsert(t, vs, row("after", "d", axis(1, 0)))
	got := all(t, vs)
	if _, applied := got["late"]; applied || len(got) != 1 {
		t.Fatalf("rows after the refused write: %v; want only 'after' (the refused write must not apply)", got)
	}
}

func writerOf(t *testing.T, vs store.VectorStore) *store.Writer {
	t.Helper()
	s, ok := vs.(store.Serialized)
	if !ok {
		t.Fatalf("%T does not implement store.Serialized: its writes do not go through the single writer", vs)
	}
	return s.Writer()
}

// TestReopenAfterUncleanClose: a copy of the files taken while the store
// is open (what a SIGKILL leaves on disk) opens with every acknowledged
// write, and accepts new writes.
func TestReopenAfterUncleanClose(t *testing.T, open Opener) {
	dir := t.TempDir()
	vs := openIn(t, open, dir)
	for i := range 20 {
		mustUpsert(t, vs, row(fmt.Sprintf("r%02d", i), fmt.Sprintf("d%d", i%4), axis(i, 0.3)))
	}
	if err := vs.DeleteByDoc(ctxFor(t), "d3"); err != nil {
		t.Fatal(err)
	}
	crashed := t.TempDir()
	release, err := writerOf(t, vs).Hold(ctxFor(t)) // no write in progress while copying
	if err != nil {
		t.Fatal(err)
	}
	err = copyDir(dir, crashed)
	release()
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}

	re := openIn(t, open, crashed)
	got := all(t, re)
	if len(got) != 15 {
		t.Fatalf("rows after reopening an unclean copy: got %d, want 15", len(got))
	}
	mustUpsert(t, re, row("new", "d9", axis(2, 0)))
	if len(all(t, re)) != 16 {
		t.Fatal("reopened store did not take a new write")
	}
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
