package lancedb

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/hangarhq/hangar/server/store"
)

// TestSearchDuringUpsertsOnFake: searches running while the same ids are
// replaced over and over never see an id twice, never miss one, and only
// ever see versions that were written.
func TestSearchDuringUpsertsOnFake(t *testing.T) {
	v := openFake(t, t.TempDir(), 4)
	ids := []string{"a", "b", "c"}
	write := func(round int) error {
		rows := make([]store.TopicRow, len(ids))
		for i, id := range ids {
			rows[i] = topic(id, fmt.Sprintf("round%d", round), axis(4, i+round)...)
		}
		return v.Upsert(ctxFor(t), rows)
	}
	if err := write(0); err != nil {
		t.Fatal(err)
	}
	const rounds, readers = 30, 3
	ctx := ctxFor(t)
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, readers+1)
	wg.Go(func() {
		defer close(done)
		for r := 1; r <= rounds; r++ {
			if err := write(r); err != nil {
				errs <- err
				return
			}
		}
	})
	for range readers {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if err := checkSearch(ctx, v, len(ids), rounds); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := count(t, v); n != int64(len(ids)) {
		t.Errorf("rows after %d rounds: %d, want %d", rounds, n, len(ids))
	}
}

func checkSearch(ctx context.Context, v *Vectors, want, rounds int) error {
	hits, err := v.Search(ctx, axis(4, 0), 10)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, h := range hits {
		var round int
		if seen[h.ID] {
			return fmt.Errorf("id %s twice in %v", h.ID, hits)
		}
		seen[h.ID] = true
		if _, err := fmt.Sscanf(h.DocID, "round%d", &round); err != nil || round > rounds {
			return fmt.Errorf("hit %+v from no written round", h)
		}
	}
	if len(hits) != want {
		return fmt.Errorf("got %d hits, want %d: %+v", len(hits), want, hits)
	}
	return nil
}
