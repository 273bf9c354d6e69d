package diagnose

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/pprof"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/report"
)

// TestCapture serves recorded dumps as a target's pprof and checks what
// Capture keeps: both dumps in the run directory, the leak count, the
// journal's in-flight requests and the open uploads.
func TestCapture(t *testing.T) {
	var dumps [2][]byte
	for i, n := range []string{DumpFile1, DumpFile2} {
		b, err := os.ReadFile(filepath.Join("testdata", "patterns", ClassNoDeadlineUnderLock, n))
		if err != nil {
			t.Fatal(err)
		}
		dumps[i] = b
	}
	served := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/debug/pprof/goroutine":
			w.Write(dumps[min(served, 1)])
			served++
		case "/debug/pprof/goroutineleak":
			w.Write([]byte("goroutineleak profile: total 0\n"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	start := time.Now().Add(-20 * time.Second)
	journal := func(context.Context) ([]fakellm.JournalEntry, error) {
		return []fakellm.JournalEntry{{Seq: 1, Time: start.Add(2 * time.Second), Endpoint: "embeddings", Action: "hang", Ending: fakellm.EndInFlight}}, nil
	}
	dir := t.TempDir()
	ev, err := Capture(context.Background(), Target{PprofURL: srv.URL, Journal: journal, Start: start, Dir: dir, Gap: time.Millisecond,
		Open: []OpenUpload{{Index: 3, Start: start.Add(time.Second)}}})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Dumps != 2 || ev.Leaked != 0 || len(ev.Missing) != 0 || !slices.Equal(ev.Files, []string{LeakFile, DumpFile1, DumpFile2}) {
		t.Fatalf("dumps %d, leaked %d, missing %q, files %q", ev.Dumps, ev.Leaked, ev.Missing, ev.Files)
	}
	if ev.SecondAt < ev.At+ev.Gap {
		t.Errorf("second dump at %s, first at %s: want it recorded at least the gap %s later", ev.SecondAt, ev.At, ev.Gap)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, DumpFile2)); string(got) != string(dumps[1]) {
		t.Error("goroutines-2.txt is not the second dump")
	}
	if r := ev.inFlight(); len(r) != 1 || r[0].Duration < 17*time.Second {
		t.Errorf("in flight %+v", r)
	}
	if u := ev.unanswered(); len(u) != 1 || u[0].Index != 3 || u[0].Latency < 18*time.Second {
		t.Errorf("open uploads %+v", u)
	}
	checkTop(t, Diagnose(ev), ClassNoDeadlineUnderLock)
}

func TestCaptureWithoutPprof(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	for _, tc := range []struct{ name, url, want string }{
		{name: "no url", url: "", want: "goroutine profile: the target has no pprof URL"},
		{name: "not served", url: srv.URL, want: "goroutine profile: GET /debug/pprof/goroutine?debug=2: status 404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := Capture(context.Background(), Target{PprofURL: tc.url, Gap: time.Millisecond, OtherClients: true})
			if err != nil || ev.Dumps != 0 || !ev.OtherClients || len(ev.Missing) != 2 || ev.Missing[0] != tc.want ||
				!strings.HasPrefix(ev.Missing[1], "fake LLM journal") {
				t.Fatalf("err %v, missing %q", err, ev.Missing)
			}
		})
	}
}

// TestCaptureProbesHealth: a health check queued behind a full slot is
// caught waiting there, because the capture sends a probe of its own just
// before each dump; with a free slot the probe answers within ProbeHead
// and nothing waits.
func TestCaptureProbesHealth(t *testing.T) {
	for _, tc := range []struct {
		name    string
		full    bool
		pending bool
		class   string
	}{
		{name: "slot held by work", full: true, pending: true, class: ClassLivenessBehindWork},
		{name: "slot free", full: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slots := make(chan struct{}, 1)
			if tc.full {
				slots <- struct{}{} // held by an upload that never ends
			}
			mux := http.NewServeMux()
			mux.Handle("/debug/pprof/goroutine", pprof.Handler("goroutine"))
			mux.HandleFunc("/health", serveHealth(slots))
			srv := httptest.NewServer(mux)
			defer srv.Close()
			start := time.Now().Add(-10 * time.Second)
			ev, err := Capture(context.Background(), Target{PprofURL: srv.URL, HealthURL: srv.URL + "/health", Start: start,
				Gap: time.Millisecond, ProbeTimeout: 300 * time.Millisecond, ProbeHead: 200 * time.Millisecond, ProbeWindow: 100 * time.Millisecond,
				Open: []OpenUpload{{Index: 0, Start: start.Add(time.Second)}}})
			if err != nil {
				t.Fatal(err)
			}
			if len(ev.DumpProbes) != 2 {
				t.Fatalf("dump probes %+v, want one per dump", ev.DumpProbes)
			}
			for _, p := range ev.DumpProbes {
				if p.Pending != tc.pending || p.OK == tc.full {
					t.Errorf("probe %+v, want pending %v", p, tc.pending)
				}
			}
			ev.Probes = []Probe{{At: sec(2), Latency: 300 * time.Millisecond, OK: true}}
			d := Diagnose(ev)
			if tc.class == "" {
				for _, f := range d.Findings {
					if f.Class == ClassLivenessBehindWork {
						t.Fatalf("a free slot diagnosed: %s", lines(d))
					}
				}
				return
			}
			checkTop(t, d, tc.class)
		})
	}
}

// TestCaptureAtFirstDump: the evidence is stamped with the first dump,
// not with the start of the health probing before it. The capture's probe
// is held in the target until the test has sent an upload; that upload was
// then in flight at the dump, and the open upload the capture was given
// has waited up to the dump.
func TestCaptureAtFirstDump(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	mux := http.NewServeMux()
	mux.Handle("/debug/pprof/goroutine", pprof.Handler("goroutine"))
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	start := time.Now().Add(-10 * time.Second)
	type result struct {
		ev  *Evidence
		err error
	}
	done := make(chan result, 1)
	go func() {
		// A probe may take a minute to count as answered at once (it is held
		// until released), and the window closes after the first one.
		ev, err := Capture(context.Background(), Target{PprofURL: srv.URL, HealthURL: srv.URL + "/health", Start: start,
			Gap: time.Millisecond, ProbeHead: time.Minute, ProbeTimeout: time.Minute, ProbeWindow: time.Nanosecond,
			Open: []OpenUpload{{Index: 0, Start: start.Add(time.Second)}}})
		done <- result{ev, err}
	}()
	<-arrived
	sent := time.Since(start) // an upload sent while the capture's probe is out
	close(release)
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	ev := res.ev
	if ev.Dumps != 2 || len(ev.DumpProbes) != 2 {
		t.Fatalf("dumps %d, dump probes %+v", ev.Dumps, ev.DumpProbes)
	}
	if ev.At < sent || ev.DumpProbes[0].At >= sent || ev.DumpProbes[0].Pending {
		t.Fatalf("at %v, first probe %+v, upload sent at %v: want the probe sent before the upload and At after it", ev.At, ev.DumpProbes[0], sent)
	}
	if u := ev.unanswered(); len(u) != 1 || u[0].Latency != ev.At-time.Second {
		t.Errorf("open uploads %+v, want the one given, waiting until %v", u, ev.At)
	}
	ev.AddReport(&report.Report{Uploads: []report.Upload{
		{Index: 0, Start: report.Duration(time.Second), Latency: report.Duration(time.Hour)},
		{Index: 1, Start: report.Duration(sent), Latency: report.Duration(time.Hour)},
	}})
	for _, u := range ev.Uploads {
		if !u.Open {
			t.Errorf("upload %d (sent at %v) not open at the first dump (at %v)", u.Index, u.Start, ev.At)
		}
	}
}

// TestCaptureAtWithoutDump: with no pprof URL there is no dump, and the
// evidence is stamped with the call.
func TestCaptureAtWithoutDump(t *testing.T) {
	start := time.Now().Add(-10 * time.Second)
	before := time.Since(start)
	ev, err := Capture(context.Background(), Target{Start: start, Open: []OpenUpload{{Index: 2, Start: start.Add(time.Second)}}})
	after := time.Since(start)
	if err != nil || ev.At < before || ev.At > after {
		t.Fatalf("err %v, at %v, want within the call [%v, %v]", err, ev.At, before, after)
	}
	if u := ev.unanswered(); len(u) != 1 || u[0].Latency != ev.At-time.Second {
		t.Errorf("open uploads %+v", u)
	}
}

// serveHealth answers once it gets a slot, or gives up with the client.
func serveHealth(slots chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !acquireSlot(r.Context(), slots) {
			return
		}
		<-slots
		w.WriteHeader(http.StatusOK)
	}
}

func acquireSlot(ctx context.Context, slots chan struct{}) bool {
	select {
	case slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// TestCaptureFrozenJournal: a fake LLM that never answers its journal
// request (a paused container) costs the capture JournalTimeout, and both
// dumps are still taken within a budget shorter than the default. The
// capture runs in a synctest bubble, so the timeout costs no wall time.
func TestCaptureFrozenJournal(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/debug/pprof/goroutine", pprof.Handler("goroutine"))
	target := httptest.NewServer(mux)
	defer target.Close()
	synctest.Test(t, func(t *testing.T) {
		frozen := func(ctx context.Context) ([]fakellm.JournalEntry, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		ctx, cancel := context.WithTimeout(context.Background(), JournalTimeout+2*time.Second)
		defer cancel()
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		ev, _ := Capture(ctx, Target{PprofURL: target.URL, Journal: frozen, Gap: time.Millisecond, Client: client})
		if ev.Dumps != 2 || len(ev.Missing) != 2 || !strings.HasPrefix(ev.Missing[0], "fake LLM journal") {
			t.Fatalf("dumps %d, missing %q: the frozen journal must not cost the second dump", ev.Dumps, ev.Missing)
		}
	})
}
