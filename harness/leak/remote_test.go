package leak

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func profileText(kind string, counts ...int) string {
	var b strings.Builder
	total := 0
	for _, n := range counts {
		total += n
	}
	fmt.Fprintf(&b, "%s profile: total %d\n", kind, total)
	for i, n := range counts {
		fmt.Fprintf(&b, "%d @ 0x1 0x2\n#\t0x1\tinternal/poll.runtime_pollWait+0x84\t/x.go:1\n#\t0x2\tgithub.com/x/y.worker%d+0x10\t/y.go:2\n\n", n, i)
	}
	return b.String()
}

// admin serves a sequence of goroutine profiles (the last repeats) and a
// leak profile (404 when empty string).
func admin(t *testing.T, goroutines []string, leakProfile string) *httptest.Server {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/debug/pprof/goroutine":
			i := min(int(calls.Add(1))-1, len(goroutines)-1)
			fmt.Fprint(w, goroutines[i])
		case "/debug/pprof/goroutineleak":
			if leakProfile == "" {
				http.Error(w, "Unknown profile", http.StatusNotFound)
				return
			}
			fmt.Fprint(w, leakProfile)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRemoteCheck(t *testing.T) {
	before := profileText("goroutine", 2, 1)
	tests := []struct {
		name        string
		after       []string
		leak        string
		wantLeaked  bool
		wantSummary string
		wantNote    bool
		wantDumps   []string
	}{
		{"settles after a while", []string{profileText("goroutine", 5, 1), profileText("goroutine", 2, 1)},
			profileText("goroutineleak"), false, "no top frame grew; goroutineleak profile empty", false, nil},
		{"grew and stays", []string{profileText("goroutine", 2, 4)}, profileText("goroutineleak"),
			true, "github.com/x/y.worker1 1→4", false, []string{"goroutine-diff"}},
		{"leak profile not empty", []string{before}, profileText("goroutineleak", 3),
			true, "goroutineleak profile reports 3 leaked goroutines", false, []string{"goroutineleak"}},
		{"no leak profile", []string{before}, "", false, "no top frame grew", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := admin(t, append([]string{before}, tt.after...), tt.leak)
			r := NewRemote(srv.URL)
			b, err := r.Goroutines(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			f, err := r.Check(context.Background(), b, 200*time.Millisecond, time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if f.Leaked != tt.wantLeaked || !strings.Contains(f.Summary, tt.wantSummary) || (len(f.Notes) > 0) != tt.wantNote {
				t.Fatalf("finding %+v", f)
			}
			var kinds []string
			for _, d := range f.Dumps {
				kinds = append(kinds, d.Kind)
				if d.Stacks == "" {
					t.Errorf("dump %s has no stacks", d.Kind)
				}
			}
			if fmt.Sprint(kinds) != fmt.Sprint(tt.wantDumps) && !(len(kinds) == 0 && tt.wantDumps == nil) {
				t.Errorf("dumps %v, want %v", kinds, tt.wantDumps)
			}
		})
	}
}

func TestRemoteUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	if _, err := NewRemote(url).Goroutines(context.Background()); err == nil {
		t.Fatal("want an error for a closed admin port")
	}
}

func TestLocal(t *testing.T) {
	l := Snapshot()
	if f := l.Check(); f.Leaked {
		t.Fatalf("clean process reported leaked: %+v", f)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { defer close(done); <-stop }()
	f := l.Check()
	close(stop)
	<-done
	if !f.Leaked || len(f.Dumps) != 1 || !strings.Contains(f.Dumps[0].Stacks, "TestLocal") {
		t.Fatalf("finding %+v; want the blocked goroutine reported", f)
	}
}
