package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/hangarhq/hangar/server/store"
)

// inBubble opens a store inside a synctest bubble, so leases and backoffs
// run on virtual time.
func inBubble(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		st, err := store.Open(t.Context(), store.Config{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fn(t, st)
	})
}

func claimIDs(t *testing.T, st *store.Store, owner string, n int, lease time.Duration) []string {
	t.Helper()
	claims, err := st.Claim(t.Context(), owner, n, lease)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	ids := make([]string, len(claims))
	for i, c := range claims {
		ids[i] = c.DocID
	}
	return ids
}

func status(t *testing.T, st *store.Store, id string) store.Document {
	t.Helper()
	d, err := st.GetDocument(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestClaimOldestFirstWithTopics(t *testing.T) {
	inBubble(t, func(t *testing.T, st *store.Store) {
		for n := 1; n <= 3; n++ {
			mustCreate(t, st, newDoc(n, "x", "y"))
			time.Sleep(time.Second) // distinct created_at
		}
		claims, err := st.Claim(t.Context(), "w1", 2, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) != 2 || claims[0].DocID != "d_000000000001" || claims[1].DocID != "d_000000000002" {
			t.Fatalf("claimed %+v, want docs 1 and 2", claims)
		}
		c := claims[0]
		if c.Attempts != 1 || len(c.Topics) != 2 || c.Topics[1].Summary != "about y" ||
			!c.LeaseExpiresAt.Equal(time.Now().Add(time.Minute)) || c.MDPath == "" {
			t.Fatalf("claim: %+v", c)
		}
		if got := claimIDs(t, st, "w2", 5, time.Minute); !slices.Equal(got, []string{"d_000000000003"}) {
			t.Fatalf("second claim: %v, want only doc 3", got)
		}
		if got := status(t, st, c.DocID); got.Status != store.StatusIndexing {
			t.Fatalf("status %s, want indexing", got.Status)
		}
	})
}

func TestTransitionsRequireTheLease(t *testing.T) {
	inBubble(t, func(t *testing.T, st *store.Store) {
		d := mustCreate(t, st, newDoc(1))
		ctx := t.Context()
		if err := st.MarkIndexed(ctx, d.DocID, "w1"); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("mark indexed unclaimed: %v, want ErrLeaseLost", err)
		}
		claimIDs(t, st, "w1", 1, time.Minute)
		for name, err := range map[string]error{
			"indexed by other": st.MarkIndexed(ctx, d.DocID, "w2"),
			"failed by other":  st.MarkFailed(ctx, d.DocID, "w2", "x"),
			"retry by other":   st.Retry(ctx, d.DocID, "w2", "x", time.Now()),
		} {
			if !errors.Is(err, store.ErrLeaseLost) {
				t.Errorf("%s: %v, want ErrLeaseLost", name, err)
			}
		}
		if err := st.MarkIndexed(ctx, d.DocID, "w1"); err != nil {
			t.Fatal(err)
		}
		if got := status(t, st, d.DocID); got.Status != store.StatusIndexed || got.Attempts != 1 {
			t.Fatalf("after mark indexed: %s attempts %d", got.Status, got.Attempts)
		}
	})
}

func TestRetryWaitsForNotBefore(t *testing.T) {
	inBubble(t, func(t *testing.T, st *store.Store) {
		d := mustCreate(t, st, newDoc(1))
		claimIDs(t, st, "w1", 1, time.Minute)
		if err := st.Retry(t.Context(), d.DocID, "w1", "embed: 503", time.Now().Add(10*time.Second)); err != nil {
			t.Fatal(err)
		}
		if got := status(t, st, d.DocID); got.Status != store.StatusPending || got.LastError != "embed: 503" {
			t.Fatalf("after retry: %+v", got)
		}
		if got := claimIDs(t, st, "w1", 1, time.Minute); len(got) != 0 {
			t.Fatalf("claimed %v before not_before", got)
		}
		time.Sleep(10 * time.Second)
		claims, _ := st.Claim(t.Context(), "w1", 1, time.Minute)
		if len(claims) != 1 || claims[0].Attempts != 2 {
			t.Fatalf("claim after backoff: %+v, want attempt 2", claims)
		}
		if err := st.MarkFailed(t.Context(), d.DocID, "w1", "gave up"); err != nil {
			t.Fatal(err)
		}
		if got := status(t, st, d.DocID); got.Status != store.StatusFailed || got.LastError != "gave up" {
			t.Fatalf("after mark failed: %+v", got)
		}
	})
}

func TestReclaimExpired(t *testing.T) {
	inBubble(t, func(t *testing.T, st *store.Store) {
		// final uses both of its attempts: claimed, reclaimed, claimed again.
		final := mustCreate(t, st, newDoc(3))
		claimOne(t, st, final.DocID, "old", time.Second)
		time.Sleep(2 * time.Second)
		if n, f, err := st.ReclaimExpired(t.Context(), 2); n != 1 || f != 0 || err != nil {
			t.Fatalf("first reclaim: %d %d %v", n, f, err)
		}
		claimOne(t, st, final.DocID, "old", time.Minute)
		stale := mustCreate(t, st, newDoc(2))
		claimOne(t, st, stale.DocID, "old", time.Minute)
		forever := mustCreate(t, st, newDoc(4))
		claimOne(t, st, forever.DocID, "old", 0)
		time.Sleep(time.Minute + time.Second)
		fresh := mustCreate(t, st, newDoc(1))
		claimOne(t, st, fresh.DocID, "new", time.Minute)

		n, failed, err := st.ReclaimExpired(t.Context(), 2)
		if err != nil || n != 2 || failed != 1 {
			t.Fatalf("reclaim: %d reclaimed, %d failed, %v; want 2, 1", n, failed, err)
		}
		for _, tc := range []struct {
			id   string
			want store.Status
		}{{fresh.DocID, store.StatusIndexing}, {stale.DocID, store.StatusPending},
			{final.DocID, store.StatusFailed}, {forever.DocID, store.StatusIndexing}} {
			if got := status(t, st, tc.id); got.Status != tc.want {
				t.Errorf("%s: %s, want %s (%q)", tc.id, got.Status, tc.want, got.LastError)
			}
		}
	})
}

// claimOne claims exactly doc id (the only pending row at that moment).
func claimOne(t *testing.T, st *store.Store, id, owner string, lease time.Duration) {
	t.Helper()
	if got := claimIDs(t, st, owner, 1, lease); !slices.Equal(got, []string{id}) {
		t.Fatalf("claim: got %v, want [%s]", got, id)
	}
}

func TestReleaseAndRecover(t *testing.T) {
	inBubble(t, func(t *testing.T, st *store.Store) {
		a, b := mustCreate(t, st, newDoc(1)), mustCreate(t, st, newDoc(2))
		claimOne(t, st, a.DocID, "me", time.Minute)
		claimOne(t, st, b.DocID, "previous", time.Minute)
		if n, err := st.RecoverIndexing(t.Context(), "me"); n != 1 || err != nil {
			t.Fatalf("recover: %d %v, want 1", n, err)
		}
		if n, err := st.Release(t.Context(), "me"); n != 1 || err != nil {
			t.Fatalf("release: %d %v, want 1", n, err)
		}
		for _, id := range []string{a.DocID, b.DocID} {
			if got := status(t, st, id); got.Status != store.StatusPending || got.Attempts != 0 {
				t.Errorf("%s: %s attempts %d, want pending with the attempt given back", id, got.Status, got.Attempts)
			}
		}
	})
}

func TestQueueStats(t *testing.T) {
	inBubble(t, func(t *testing.T, st *store.Store) {
		start := time.Now()
		for n := 1; n <= 4; n++ {
			mustCreate(t, st, newDoc(n))
			time.Sleep(time.Second)
		}
		claimIDs(t, st, "w", 2, time.Minute)
		got, err := st.QueueStats(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := map[store.Status]int{store.StatusPending: 2, store.StatusIndexing: 2, store.StatusIndexed: 0, store.StatusFailed: 0}
		if !mapsEqual(got.Counts, want) || !got.OldestPending.Equal(start.Add(2*time.Second)) {
			t.Fatalf("stats %+v, want %v, oldest %v", got, want, start.Add(2*time.Second))
		}
	})
}

func mapsEqual(a, b map[store.Status]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestNotifyOnNewWork(t *testing.T) {
	st := openStore(t, store.Config{})
	select {
	case <-st.Notify():
		t.Fatal("notified before any work")
	default:
	}
	mustCreate(t, st, newDoc(1))
	select {
	case <-st.Notify():
	default:
		t.Fatal("no notification after create")
	}
	if _, _, err := st.CreateDocument(context.Background(), newDoc(1)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-st.Notify():
		t.Fatal("notified for a duplicate that created nothing")
	default:
	}
}

// TestCrashLeavesLeasesThenRecover: the store is closed with rows claimed
// and never released (the process died); the next open finds them indexing
// under the dead owner and recovers them.
func TestCrashLeavesLeasesThenRecover(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, store.Config{Dir: dir})
	for n := 1; n <= 5; n++ {
		mustCreate(t, st, newDoc(n, "t"))
	}
	claimIDs(t, st, "dead-instance", 3, time.Hour)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	re := openStore(t, store.Config{Dir: dir})
	stats, _ := re.QueueStats(t.Context())
	if stats.Counts[store.StatusIndexing] != 3 {
		t.Fatalf("after reopen: %v, want 3 indexing left by the dead instance", stats.Counts)
	}
	if n, err := re.RecoverIndexing(t.Context(), "new-instance"); n != 3 || err != nil {
		t.Fatalf("recover: %d %v", n, err)
	}
	if got := claimIDs(t, re, "new-instance", 10, time.Minute); len(got) != 5 {
		t.Fatalf("claimable after recovery: %v, want all 5", got)
	}
}

func TestLastErrorIsClipped(t *testing.T) {
	st := openStore(t, store.Config{})
	d := mustCreate(t, st, newDoc(1))
	claimIDs(t, st, "w", 1, time.Minute)
	long := strings.Repeat("é", store.MaxErrorLen) // 2 bytes each: the cut lands mid-rune
	if err := st.MarkFailed(t.Context(), d.DocID, "w", long); err != nil {
		t.Fatal(err)
	}
	got := status(t, st, d.DocID).LastError
	if len(got) > store.MaxErrorLen+20 || !utf8.ValidString(got) || !strings.HasSuffix(got, "(truncated)") {
		t.Fatalf("clipped error: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}

// TestUpdatedAtFollowsIndexing: a document's updated_at moves when its
// indexing state does, in GetDocument and in the list, so a client can
// tell when it was indexed (the harness's progress bound reads it).
func TestUpdatedAtFollowsIndexing(t *testing.T) {
	inBubble(t, func(t *testing.T, st *store.Store) {
		d := mustCreate(t, st, newDoc(1))
		created := status(t, st, d.DocID).UpdatedAt
		time.Sleep(3 * time.Second) // virtual: indexing finishes 3s later
		claimIDs(t, st, "w1", 1, time.Minute)
		if err := st.MarkIndexed(t.Context(), d.DocID, "w1"); err != nil {
			t.Fatal(err)
		}
		got := status(t, st, d.DocID)
		if got.UpdatedAt.Sub(created) != 3*time.Second || !got.CreatedAt.Equal(created) {
			t.Fatalf("updated_at %v after indexing, created %v: want 3s later", got.UpdatedAt, created)
		}
		page, err := st.ListDocuments(t.Context(), store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Documents) != 1 || !page.Documents[0].UpdatedAt.Equal(got.UpdatedAt) {
			t.Fatalf("list: %+v, want updated_at %v", page, got.UpdatedAt)
		}
	})
}
