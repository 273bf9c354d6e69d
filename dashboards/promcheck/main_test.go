package promcheck_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv(fakeEnv) != "" {
		os.Exit(fakePrometheus(os.Args[1:]))
	}
	goleak.VerifyTestMain(m)
}

// The test binary doubles as a fake prometheus (re-exec pattern) for the
// start-up paths a real Prometheus cannot be made to take on demand.
const (
	fakeEnv      = "PROMCHECK_FAKE"       // "busy-once" or "busy-always"
	fakeStateEnv = "PROMCHECK_FAKE_STATE" // file with one line per start refused as busy
)

// fakePrometheus reports "address already in use" (always, or on the first
// start only) or serves /-/ready on --web.listen-address until SIGTERM.
func fakePrometheus(args []string) int {
	fs := flag.NewFlagSet("fake-prometheus", flag.ContinueOnError)
	addr := fs.String("web.listen-address", "", "")
	for _, f := range []string{"config.file", "storage.tsdb.path", "storage.tsdb.retention.time", "log.level"} {
		fs.String(f, "", "")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	_, statErr := os.Stat(os.Getenv(fakeStateEnv))
	if os.Getenv(fakeEnv) == "busy-always" || errors.Is(statErr, os.ErrNotExist) {
		if f, err := os.OpenFile(os.Getenv(fakeStateEnv), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintln(f, "busy")
			f.Close()
		}
		fmt.Fprintf(os.Stderr, "err=\"listen tcp %s: bind: address already in use\"\n", *addr)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/-/ready") {
			http.NotFound(w, r)
		}
	})}
	go func() { <-ctx.Done(); srv.Close() }()
	_ = srv.Serve(ln)
	return 0
}
