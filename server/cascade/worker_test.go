package cascade_test

import (
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/server/cascade"
	"github.com/hangarhq/hangar/server/store"
)

func TestIndexesUploadsAndWakesOnNotify(t *testing.T) {
	bubble(t, "", func(e *env) {
		e.start(testConfig())
		synctest.Wait()
		start := time.Now()
		var ids []string
		for range 10 {
			id, _ := e.upload(false)
			ids = append(ids, id)
		}
		synctest.Wait()
		if n := e.countStatus(ids, store.StatusIndexed); n != 10 {
			t.Fatalf("indexed %d of 10", n)
		}
		if time.Since(start) != 0 {
			t.Fatalf("indexing waited %v of virtual time; the notify channel should wake the worker at once", time.Since(start))
		}
		hits, err := e.st.Vectors().Search(t.Context(), vectorFor("summary 3"), 3)
		if err != nil || len(hits) == 0 || hits[0].ID != cascade.TopicRowID(ids[2], 0) {
			t.Fatalf("search: %+v %v; want %s first", hits, err, cascade.TopicRowID(ids[2], 0))
		}
		if got := metric(t, e.reg, "hangar_cascade_completed_total"); got != 10 {
			t.Fatalf("completed_total %v", got)
		}
		if e.w.LastProgress().IsZero() {
			t.Fatal("last progress not set")
		}
	})
}

func TestFailedAttemptsBackOffThenFail(t *testing.T) {
	bubble(t, "", func(e *env) {
		e.emb.fail = errors.New("embeddings: 500 internal error")
		cfg := testConfig()
		cfg.MaxAttempts = 3
		e.start(cfg)
		id, text := e.upload(false)
		synctest.Wait()
		if got := e.doc(id); got.Status != store.StatusPending || got.Attempts != 1 ||
			!strings.Contains(got.LastError, "500 internal error") {
			t.Fatalf("after one failure: %+v", got)
		}
		settle(10 * time.Minute)
		got := e.doc(id)
		if got.Status != store.StatusFailed || got.Attempts != 3 || e.emb.callsFor(text) != 3 {
			t.Fatalf("after max attempts: status %s attempts %d calls %d", got.Status, got.Attempts, e.emb.callsFor(text))
		}
	})
}

func TestHungEmbedHitsDeadlineOthersFlow(t *testing.T) {
	bubble(t, "", func(e *env) {
		cfg := testConfig()
		cfg.MaxAttempts = 2
		e.start(cfg)
		hung, text := e.upload(true)
		var others []string
		for range 6 {
			id, _ := e.upload(false)
			others = append(others, id)
		}
		synctest.Wait()
		if n := e.countStatus(others, store.StatusIndexed); n != 6 {
			t.Fatalf("others indexed %d of 6 while one call hangs", n)
		}
		settle(cascade.DefaultEmbedTimeout)
		if got := e.doc(hung); got.Attempts != 1 || !strings.Contains(got.LastError, "deadline exceeded") {
			t.Fatalf("hung doc after the embed deadline: %+v", got)
		}
		settle(5 * time.Minute)
		if got := e.doc(hung); got.Status != store.StatusFailed || e.emb.callsFor(text) != 2 {
			t.Fatalf("hung doc: %s after %d calls, want failed after 2", got.Status, e.emb.callsFor(text))
		}
	})
}

func TestWatchdogReclaimsExpiredLease(t *testing.T) {
	bubble(t, "", func(e *env) {
		e.start(testConfig())
		synctest.Wait()
		id := zombieClaim(e)
		if s := e.status(id); s != store.StatusIndexing {
			t.Fatalf("zombie's row: %s, want indexing", s)
		}
		settle(cascade.DefaultLease - time.Second)
		if s := e.status(id); s != store.StatusIndexing {
			t.Fatalf("zombie's row before its lease expired: %s, want indexing", s)
		}
		settle(cascade.DefaultLease/4 + 2*time.Second) // next watchdog tick after expiry
		if s := e.status(id); s != store.StatusIndexed {
			t.Fatalf("zombie's row after its lease expired: %s, want indexed", s)
		}
		if got := metric(t, e.reg, "hangar_cascade_lease_reclaims_total"); got != 1 {
			t.Fatalf("lease reclaims %v, want 1", got)
		}
	})
}

// zombieClaim uploads a document that another instance ("zombie") claims
// with the default lease and never finishes. The worker cannot claim it
// first: its slots are all busy with hung documents until the zombie holds
// the row; then the hang is released.
func zombieClaim(e *env) string {
	e.t.Helper()
	for range testConfig().Workers {
		e.upload(true)
	}
	synctest.Wait()
	id, _ := e.upload(false)
	if c := claimAs(e.t, e.st, "zombie", cascade.DefaultLease); len(c) != 1 || c[0].DocID != id {
		e.t.Fatalf("zombie claimed %+v, want %s", c, id)
	}
	close(e.emb.release)
	synctest.Wait()
	return id
}

func claimAs(t *testing.T, st *store.Store, owner string, lease time.Duration) []store.Claim {
	t.Helper()
	c, err := st.Claim(t.Context(), owner, 100, lease)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCloseReleasesLeases(t *testing.T) {
	bubble(t, "", func(e *env) {
		e.start(testConfig())
		var ids []string
		for range 3 {
			id, _ := e.upload(true)
			ids = append(ids, id)
		}
		synctest.Wait()
		if n := e.countStatus(ids, store.StatusIndexing); n != 3 {
			t.Fatalf("indexing %d of 3", n)
		}
		e.stop()
		for _, id := range ids {
			if d := e.doc(id); d.Status != store.StatusPending || d.Attempts != 0 {
				t.Errorf("%s after close: %s attempts %d, want pending, attempt given back", id, d.Status, d.Attempts)
			}
		}
	})
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		give func(c *cascade.Config)
		want string
	}{
		{"defaults", func(*cascade.Config) {}, ""},
		{"negative workers", func(c *cascade.Config) { c.Workers = -1 }, "workers -1 is negative"},
		{"lease shorter than a call", func(c *cascade.Config) { c.Lease = 10 * time.Second }, "lease 10s must exceed"},
		{"negative poll", func(c *cascade.Config) { c.PollInterval = -time.Second }, "poll_interval -1s is negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := cascade.DefaultConfig()
			tc.give(&cfg)
			err := cfg.Validate()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := cascade.New(nil, nil, nil, cascade.Config{}); err == nil {
		t.Fatal("New without a store: want error")
	}
}

func TestDefaultConfigHasNoIdentity(t *testing.T) {
	c := cascade.DefaultConfig()
	if c.InstanceID != "" || c.Rand != nil {
		t.Fatalf("DefaultConfig carries identity (%q, %v); two workers built from it would share it", c.InstanceID, c.Rand)
	}
	if c.Workers != cascade.DefaultWorkers || c.WatchdogInterval != 0 || c.Lease != cascade.DefaultLease {
		t.Fatalf("defaults not filled: %+v", c)
	}
}
