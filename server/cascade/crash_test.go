package cascade_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/hangarhq/hangar/server/cascade"
	"github.com/hangarhq/hangar/server/store"
)

// TestCrashThenRestartRecovers snapshots the files while documents are
// mid-indexing (what a SIGKILL leaves on disk), opens the snapshot with a
// new instance, and checks every document ends indexed, none twice.
func TestCrashThenRestartRecovers(t *testing.T) {
	crashed := t.TempDir()
	bubble(t, "", func(e *env) {
		e.start(testConfig())
		var ids []string
		for i := range 6 {
			id, _ := e.upload(i%2 == 0) // 3 hang mid-indexing
			ids = append(ids, id)
		}
		synctest.Wait()
		if got := e.countStatus(ids, store.StatusIndexing); got != 3 {
			t.Fatalf("indexing before the crash: %d, want 3", got)
		}
		release, err := e.st.Writer().Hold(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		err = copyDir(e.dir, crashed)
		release()
		if err != nil {
			t.Fatal(err)
		}

		st, err := store.Open(t.Context(), store.Config{Dir: crashed})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		reg := prometheus.NewPedanticRegistry()
		cfg := testConfig()
		cfg.InstanceID, cfg.Registerer = "restarted", reg
		emb := newEmbedder()
		close(emb.release) // the LLM answers now
		w, err := cascade.New(st, st.Vectors(), emb, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer w.Close(t.Context())
		synctest.Wait()
		res, err := st.ListDocuments(t.Context(), store.ListOptions{})
		if err != nil || res.Total != 6 {
			t.Fatalf("documents after restart: %d %v", res.Total, err)
		}
		for _, d := range res.Documents {
			if d.Status != store.StatusIndexed {
				t.Errorf("%s after restart: %s", d.DocID, d.Status)
			}
		}
		hits, _ := st.Vectors().Search(t.Context(), vectorFor("second"), 100)
		if len(hits) != 12 {
			t.Errorf("vector rows after restart: %d, want 12 (6 docs x 2 topics, none twice)", len(hits))
		}
		if got := metric(t, reg, "hangar_cascade_lease_reclaims_total"); got != 3 {
			t.Errorf("rows recovered on start: %v, want 3", got)
		}
	})
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, strings.TrimPrefix(path, src)), b, 0o644)
	})
}

func TestDeleteWhileIndexingDropsVectors(t *testing.T) {
	bubble(t, "", func(e *env) {
		e.start(testConfig())
		id, text := e.upload(true)
		synctest.Wait()
		if err := e.st.DeleteDocument(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		close(e.emb.release) // the embed returns; vectors are written for a deleted doc
		synctest.Wait()
		hits, err := e.st.Vectors().Search(t.Context(), vectorFor(text), 10)
		if err != nil || len(hits) != 0 {
			t.Fatalf("vectors of a document deleted mid-indexing: %+v %v", hits, err)
		}
	})
}

func TestMetricsLintAndGauges(t *testing.T) {
	bubble(t, "", func(e *env) {
		cfg := testConfig()
		cfg.Workers = 1
		e.start(cfg)
		e.upload(true) // occupies the only worker
		for range 3 {
			e.upload(false)
		}
		settle(10 * time.Second)
		problems, err := testutil.GatherAndLint(e.reg)
		if err != nil || len(problems) > 0 {
			t.Fatalf("lint: %v %+v", err, problems)
		}
		for _, tc := range []struct {
			name  string
			label []string
			want  float64
		}{
			{"hangar_cascade_queue_depth", []string{"pending"}, 3},
			{"hangar_cascade_queue_depth", []string{"indexing"}, 1},
			{"hangar_cascade_queue_depth", []string{"indexed"}, 0},
			{"hangar_cascade_oldest_pending_age_seconds", nil, 10},
			{"hangar_cascade_inflight", nil, 1},
			{"hangar_cascade_last_progress_timestamp_seconds", nil, 0},
		} {
			if got := metric(t, e.reg, tc.name, tc.label...); got != tc.want {
				t.Errorf("%s%v = %v, want %v", tc.name, tc.label, got, tc.want)
			}
		}
		cleared := time.Now()
		close(e.emb.release)
		settle(cfg.PollInterval)
		if got := metric(t, e.reg, "hangar_cascade_queue_depth", "indexed"); got != 4 {
			t.Errorf("indexed gauge after the hang cleared: %v, want 4", got)
		}
		if got := metric(t, e.reg, "hangar_cascade_last_progress_timestamp_seconds"); got != float64(cleared.Unix()) {
			t.Errorf("last progress %v, want %v (when the hang cleared)", got, cleared.Unix())
		}
	})
}
