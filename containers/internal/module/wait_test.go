package module

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go/wait"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakeTarget answers State; every other StrategyTarget method is unused
// by HTTPReady (the nil interface panics if that changes).
type fakeTarget struct {
	wait.StrategyTarget
	state container.State
}

func (f fakeTarget) State(context.Context) (*container.State, error) { return &f.state, nil }

func TestHTTPReady(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable) // llama-server style "loading"
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer down.Close()
	running := fakeTarget{state: container.State{Running: true, Status: "running"}}
	exited := fakeTarget{state: container.State{Status: "exited", ExitCode: 2}}
	tests := []struct {
		name    string
		url     string
		target  fakeTarget
		timeout time.Duration
		wantErr string
	}{
		{name: "ready after two 503s", url: srv.URL, target: running, timeout: 10 * time.Second},
		{name: "exited container", url: down.URL, target: exited, timeout: 10 * time.Second,
			wantErr: "container is exited (exit code 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := HTTPReady{URL: tt.url, Timeout: tt.timeout}.WaitUntilReady(context.Background(), tt.target)
			if tt.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
	if n := calls.Load(); n < 3 {
		t.Errorf("%d calls, want >= 3", n)
	}
}

func TestHTTPReadyTimeout(t *testing.T) {
	l := httptest.NewServer(http.NotFoundHandler())
	defer l.Close()
	err := HTTPReady{URL: l.URL, Timeout: 300 * time.Millisecond}.WaitUntilReady(context.Background(),
		fakeTarget{state: container.State{Running: true}})
	if err == nil || !strings.Contains(err.Error(), "context deadline exceeded") || !strings.Contains(err.Error(), "404") {
		t.Fatalf("err = %v, want the deadline and the last status", err)
	}
}
