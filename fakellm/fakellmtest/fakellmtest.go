package fakellmtest

import (
	"testing"

	"github.com/hangarhq/hangar/fakellm"
)

// NewServer starts a fake LLM on 127.0.0.1 with cfg (Addr is forced to a
// free loopback port) and closes it in tb.Cleanup. It fails the test if the
// server cannot start. Point an OpenAI client at srv.URL()+"/v1".
func NewServer(tb testing.TB, cfg fakellm.Config) *fakellm.Server {
	tb.Helper()
	cfg.Addr = "127.0.0.1:0"
	srv, err := fakellm.New(cfg)
	if err != nil {
		tb.Fatalf("fakellmtest: %v", err)
	}
	if err := srv.Start(); err != nil {
		tb.Fatalf("fakellmtest: %v", err)
	}
	tb.Cleanup(func() { srv.Close() })
	return srv
}

// SetPlan parses plan (YAML or JSON) and puts it in force, failing the
// test on a parse or validation error.
func SetPlan(tb testing.TB, srv *fakellm.Server, plan string) {
	tb.Helper()
	p, err := fakellm.ParsePlan([]byte(plan))
	if err == nil {
		err = srv.SetPlan(p)
	}
	if err != nil {
		tb.Fatalf("fakellmtest: %v", err)
	}
}
