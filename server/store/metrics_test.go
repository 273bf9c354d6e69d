package store_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/hangarhq/hangar/server/store"
)

func TestMetricsLintAndCount(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	st := openStore(t, store.Config{Registerer: reg})
	mustCreate(t, st, newDoc(1))
	problems, err := testutil.GatherAndLint(reg)
	if err != nil || len(problems) > 0 {
		t.Fatalf("lint: %v %+v", err, problems)
	}
	err = testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP hangar_store_queue_depth Writes waiting for the single store writer.
# TYPE hangar_store_queue_depth gauge
hangar_store_queue_depth 0
`), "hangar_store_queue_depth")
	if err != nil {
		t.Fatal(err)
	}
	if n := testutil.CollectAndCount(reg, "hangar_store_write_duration_seconds"); n != 1 {
		t.Fatalf("write duration series: %d", n)
	}
	if _, err := store.Open(t.Context(), store.Config{Dir: t.TempDir(), Registerer: reg}); err == nil {
		t.Fatal("second store on the same registerer: want a clear error")
	}
}

func TestOpenRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		give store.Config
	}{
		{"no dir", store.Config{}},
		{"negative queue", store.Config{Dir: t.TempDir(), QueueSize: -1}},
		{"negative read conns", store.Config{Dir: t.TempDir(), ReadConns: -2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := store.Open(t.Context(), tc.give); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}

func TestVectorBackendRegistry(t *testing.T) {
	st := openStore(t, store.Config{})
	if got := store.VectorBackends(); len(got) == 0 || got[0] != "sqlite" {
		t.Fatalf("backends %v, want sqlite registered", got)
	}
	for _, name := range []string{"", "sqlite"} {
		vs, err := store.OpenVectors(t.Context(), name, st)
		if err != nil || vs == nil {
			t.Fatalf("open %q: %v", name, err)
		}
	}
	if _, err := store.OpenVectors(t.Context(), "lancedb-not-built", st); err == nil ||
		!strings.Contains(err.Error(), `"lancedb-not-built" unknown`) {
		t.Fatalf("unknown backend: %v", err)
	}
	if err := st.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := st.Ping(t.Context()); err == nil {
		t.Fatal("ping after close: want error")
	}
}
