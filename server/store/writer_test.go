package store_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

func newWriter(t *testing.T, size int) *store.Writer {
	t.Helper()
	w, err := store.NewWriter(store.WriterConfig{QueueSize: size})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func TestWriterQueueFullIsBusyAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWriter(t, 2)
		release, err := w.Hold(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var ran atomic.Int32
		results := make(chan error, 2)
		for range 2 { // fill the queue
			go func() { results <- w.Do(t.Context(), func(context.Context) error { ran.Add(1); return nil }) }()
		}
		synctest.Wait()
		if w.Depth() != 2 {
			t.Fatalf("depth %d, want 2", w.Depth())
		}
		start := time.Now()
		err = w.Do(t.Context(), func(context.Context) error { t.Error("refused write ran"); return nil })
		if !errors.Is(err, store.ErrBusy) || time.Since(start) != 0 {
			t.Fatalf("write to a full queue: %v after %v, want ErrBusy at once", err, time.Since(start))
		}
		release()
		for range 2 {
			if err := <-results; err != nil {
				t.Fatal(err)
			}
		}
		if ran.Load() != 2 {
			t.Fatalf("queued writes ran %d times, want 2", ran.Load())
		}
	})
}

func TestWriterDeadlineWhileQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWriter(t, 8)
		release, err := w.Hold(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		start := time.Now()
		err = w.Do(ctx, func(context.Context) error { t.Error("expired write ran"); return nil })
		if !errors.Is(err, store.ErrBusy) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want ErrBusy and DeadlineExceeded", err)
		}
		if waited := time.Since(start); waited != 3*time.Second {
			t.Fatalf("returned after %v, want exactly the 3s deadline", waited)
		}
		release()
		if err := w.Do(t.Context(), func(context.Context) error { return nil }); err != nil {
			t.Fatalf("write after release: %v", err)
		}
	})
}

func TestWriterRunningWriteSeesDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWriter(t, 1)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		err := w.Do(ctx, func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, store.ErrBusy) {
			t.Fatalf("running write past deadline: %v, want the write's own DeadlineExceeded", err)
		}
	})
}

func TestWriterSurvivesPanic(t *testing.T) {
	w := newWriter(t, 1)
	if err := w.Do(t.Context(), func(context.Context) error { panic("boom") }); err == nil {
		t.Fatal("panicking write returned nil")
	}
	if err := w.Do(t.Context(), func(context.Context) error { return nil }); err != nil {
		t.Fatalf("write after a panic: %v", err)
	}
}

func TestWriterCloseDrainsThenRefuses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, err := store.NewWriter(store.WriterConfig{QueueSize: 4})
		if err != nil {
			t.Fatal(err)
		}
		release, _ := w.Hold(t.Context())
		var ran atomic.Int32
		done := make(chan error, 3)
		for range 3 {
			go func() { done <- w.Do(t.Context(), func(context.Context) error { ran.Add(1); return nil }) }()
		}
		synctest.Wait()
		closed := make(chan struct{})
		go func() { w.Close(); close(closed) }()
		synctest.Wait()
		release()
		<-closed
		for range 3 {
			if err := <-done; err != nil {
				t.Fatalf("queued write at close: %v", err)
			}
		}
		if ran.Load() != 3 {
			t.Fatalf("close drained %d of 3 queued writes", ran.Load())
		}
		if err := w.Do(t.Context(), func(context.Context) error { return nil }); !errors.Is(err, store.ErrClosed) {
			t.Fatalf("write after close: %v, want ErrClosed", err)
		}
	})
}

func TestWriterHoldObeysDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWriter(t, 4)
		release, _ := w.Hold(t.Context())
		defer release()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if _, err := w.Hold(ctx); !errors.Is(err, store.ErrBusy) {
			t.Fatalf("second hold: %v, want ErrBusy", err)
		}
	})
}

func TestWriterMaxWaitBoundsDeadlineFreeWrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, err := store.NewWriter(store.WriterConfig{MaxWait: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		release, _ := w.Hold(context.Background())
		defer release()
		start := time.Now()
		err = w.Do(context.Background(), func(context.Context) error { return nil })
		if !errors.Is(err, store.ErrBusy) || time.Since(start) != 5*time.Second {
			t.Fatalf("deadline-free write behind a held writer: %v after %v, want ErrBusy after 5s", err, time.Since(start))
		}
	})
}
