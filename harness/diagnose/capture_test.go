package diagnose

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
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
			ev, err := Capture(context.Background(), Target{PprofURL: tc.url, Gap: time.Millisecond})
			if err != nil || ev.Dumps != 0 || len(ev.Missing) != 2 || ev.Missing[0] != tc.want ||
				!strings.HasPrefix(ev.Missing[1], "fake LLM journal") {
				t.Fatalf("err %v, missing %q", err, ev.Missing)
			}
		})
	}
}
