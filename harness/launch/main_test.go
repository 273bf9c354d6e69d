package launch

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"go.uber.org/goleak"
)

// TestMain doubles as a fake `hangar server` when the subprocess tests
// re-execute the test binary with childEnv set.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(fakeServer(os.Args[1:]))
	}
	goleak.VerifyTestMain(m)
}

const childEnv = "HANGAR_LAUNCH_TEST_CHILD"

// fakeServer speaks the subprocess contract: flags, one listening line,
// /health, /pid and /env?k=NAME on the API port, exit 0 on SIGTERM.
func fakeServer(args []string) int {
	if len(args) == 0 || args[0] != "server" {
		return 2
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := fs.String("addr", "", "")
	admin := fs.String("admin-addr", "", "")
	fs.String("data", "", "")
	fs.String("llm-base-url", "", "")
	fs.String("defects", "", "")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	api, err1 := net.Listen("tcp", *addr)
	adm, err2 := net.Listen("tcp", *admin)
	if err1 != nil || err2 != nil {
		fmt.Fprintln(os.Stderr, err1, err2)
		return 3
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	mux.HandleFunc("/pid", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, os.Getpid()) })
	mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, os.Getenv(r.URL.Query().Get("k"))) })
	go http.Serve(api, mux)
	go http.Serve(adm, mux)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM) // before announcing, like hangar's main
	fmt.Printf("hangar server listening api=http://%s admin=http://%s\n", api.Addr(), adm.Addr())
	<-sig
	return 0
}
