package cascade_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/server/cascade"
	"github.com/hangarhq/hangar/server/store"
)

// Each defect test runs the same scenario with the switch off and on: off,
// the other documents are indexed; on, they make no progress. Time is
// virtual (synctest), so "never" is measured in minutes, not sleeps.

func TestDefectBatchBarrier(t *testing.T) {
	for _, tc := range []struct {
		name      string
		defect    bool
		wantLater int // of 5 documents uploaded after the hang, indexed 10s later
	}{
		{"built right", false, 5},
		{"batch-barrier", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bubble(t, "", func(e *env) {
				cfg := testConfig()
				cfg.BatchBarrier = tc.defect
				e.start(cfg)
				hung, _ := e.upload(true)
				first := []string{}
				for range 2 {
					id, _ := e.upload(false)
					first = append(first, id)
				}
				synctest.Wait()
				var later []string
				for range 5 {
					id, _ := e.upload(false)
					later = append(later, id)
				}
				settle(10 * time.Second) // well inside the 30s embed deadline
				if e.status(hung) != store.StatusIndexing {
					t.Fatalf("hung doc: %s, want indexing", e.status(hung))
				}
				if got := e.countStatus(later, store.StatusIndexed); got != tc.wantLater {
					t.Fatalf("documents uploaded after the hang, indexed: %d of 5, want %d", got, tc.wantLater)
				}
				// The hang clears: every document ends indexed either way.
				close(e.emb.release)
				settle(cascade.DefaultEmbedTimeout + time.Minute)
				all := append(append(first, later...), hung)
				if got := e.countStatus(all, store.StatusIndexed); got != len(all) {
					t.Fatalf("after the hang cleared: %d of %d indexed", got, len(all))
				}
			})
		})
	}
}

func TestDefectStoreLockAcrossCall(t *testing.T) {
	for _, tc := range []struct {
		name      string
		defect    bool
		wantOther int // of 6 other documents, indexed 10 minutes after the hang began
		wantHung  store.Status
	}{
		{"built right", false, 6, store.StatusFailed},
		{"store-lock-across-call", true, 0, store.StatusIndexing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bubble(t, "", func(e *env) {
				cfg := testConfig()
				cfg.StoreLockAcrossCall = tc.defect
				cfg.Lease = time.Hour // show rows stuck, not bouncing through the watchdog
				cfg.MaxAttempts = 2
				e.start(cfg)
				hung, _ := e.upload(true)
				synctest.Wait()
				var others []string
				for range 6 {
					id, _ := e.upload(false)
					others = append(others, id)
				}
				settle(10 * time.Minute)
				if got := e.countStatus(others, store.StatusIndexed); got != tc.wantOther {
					t.Fatalf("other documents indexed: %d of 6, want %d", got, tc.wantOther)
				}
				if tc.defect {
					// Workers-1 of them sit claimed behind the lock.
					if got := e.countStatus(others, store.StatusIndexing); got != cfg.Workers-1 {
						t.Fatalf("other documents stuck in indexing: %d, want %d", got, cfg.Workers-1)
					}
				}
				if got := e.status(hung); got != tc.wantHung {
					t.Fatalf("hung doc: %s, want %s", got, tc.wantHung)
				}
				close(e.emb.release) // the call returns at last
				settle(time.Minute)
				if got := e.countStatus(others, store.StatusIndexed); got != 6 {
					t.Fatalf("after the call returned: %d of 6 indexed", got)
				}
			})
		})
	}
}

func TestDefectNoLeaseExpiry(t *testing.T) {
	for _, tc := range []struct {
		name   string
		defect bool
		want   store.Status
	}{
		{"built right", false, store.StatusIndexed},
		{"no-lease-expiry", true, store.StatusIndexing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bubble(t, "", func(e *env) {
				cfg := testConfig()
				cfg.NoLeaseExpiry = tc.defect
				lease := cfg.Lease
				if tc.defect {
					lease = 0 // how the defective previous instance claimed
				} else {
					lease = cascade.DefaultLease
				}
				// The previous instance claimed 3 rows and died.
				var ids []string
				for range 3 {
					id, _ := e.upload(false)
					ids = append(ids, id)
				}
				if c := claimAs(t, e.st, "crashed-instance", lease); len(c) != 3 {
					t.Fatalf("claimed %d", len(c))
				}
				e.start(cfg)
				fresh, _ := e.upload(false)
				settle(15 * time.Minute)
				if got := e.status(fresh); got != store.StatusIndexed {
					t.Fatalf("new upload: %s, want indexed (the worker runs)", got)
				}
				for _, id := range ids {
					if got := e.status(id); got != tc.want {
						t.Errorf("%s left by the crashed instance, 15 minutes later: %s, want %s", id, got, tc.want)
					}
				}
				wantReclaims := 3.0
				if tc.defect {
					wantReclaims = 0
				}
				if got := metric(t, e.reg, "hangar_cascade_lease_reclaims_total"); got != wantReclaims {
					t.Errorf("lease reclaims %v, want %v", got, wantReclaims)
				}
			})
		})
	}
}
