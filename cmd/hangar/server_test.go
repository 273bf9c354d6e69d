package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
	"github.com/hangarhq/hangar/server"
	"github.com/hangarhq/hangar/server/store"
)

func TestServerConfigEnvAndFlags(t *testing.T) {
	env := map[string]string{
		"HANGAR_LLM_BASE_URL":   "http://127.0.0.1:9999/v1",
		"HANGAR_REQUEST_BUDGET": "7s",
		"HANGAR_DATA":           "/from/env",
		"HANGAR_DEFECTS":        "batch-barrier",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cfg, _, err := serverConfig([]string{"--data", "/from/flag", "--llm-request-pool", "3"}, lookup, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LLMBaseURL != env["HANGAR_LLM_BASE_URL"] || cfg.RequestBudget != 7*time.Second {
		t.Errorf("env not applied: %s %v", cfg.LLMBaseURL, cfg.RequestBudget)
	}
	if cfg.DataDir != "/from/flag" {
		t.Errorf("data = %s, want the flag to win over HANGAR_DATA", cfg.DataDir)
	}
	if cfg.LLM.RequestPoolSize != 3 || len(cfg.Defects) != 1 || cfg.Defects[0] != server.DefectBatchBarrier {
		t.Errorf("pool %d defects %v", cfg.LLM.RequestPoolSize, cfg.Defects)
	}
	if cfg.Store != store.DefaultVectorBackend {
		t.Errorf("store = %q, want the default %q", cfg.Store, store.DefaultVectorBackend)
	}
	if cfg.MaxUploadBytes != server.DefaultMaxUploadBytes {
		t.Errorf("max upload bytes = %d, want the default", cfg.MaxUploadBytes)
	}
}

// TestVectorStoreFlag: --vector-store selects the backend; --store (its
// old name) and both environment spellings still do.
func TestVectorStoreFlag(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{name: "flag", args: []string{"--vector-store", "sqlite"}},
		{name: "old flag name", args: []string{"--store", "sqlite"}},
		{name: "env", env: map[string]string{"HANGAR_VECTOR_STORE": "sqlite"}},
		{name: "old env name", env: map[string]string{"HANGAR_STORE": "sqlite"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := serverConfig(tt.args, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }, io.Discard)
			if err != nil || cfg.Store != "sqlite" {
				t.Fatalf("store %q, %v; want sqlite", cfg.Store, err)
			}
		})
	}
	var help bytes.Buffer
	if _, _, err := serverConfig([]string{"-h"}, func(string) (string, bool) { return "", false }, &help); err == nil ||
		!strings.Contains(help.String(), "-vector-store") || !strings.Contains(help.String(), "alias of --vector-store") {
		t.Errorf("--help does not document --vector-store and its alias --store:\n%s", help.String())
	}
}

func TestServerBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown defect", []string{"--defects", "no-llm-deadline,bogus"}, nil, "batch-barrier, health-behind-limiter"},
		{"bad env value", nil, map[string]string{"HANGAR_REQUEST_BUDGET": "soon"}, "HANGAR_REQUEST_BUDGET"},
		{"public admin", []string{"--admin-addr", "0.0.0.0:8001"}, nil, "loopback"},
		{"bad flag", []string{"--no-such-flag"}, nil, "no-such-flag"},
		{"stray argument", []string{"extra"}, nil, "unexpected arguments"},
		{"bad llm url", []string{"--llm-base-url", "ftp://x"}, nil, "not an http(s) URL"},
		{"unknown store", []string{"--vector-store", "x"}, nil, `store "x" unknown (have ` + strings.Join(store.VectorBackends(), ", ")},
		{"unknown store from env", nil, map[string]string{"HANGAR_STORE": "pgvector"}, `store "pgvector" unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			_, _, err := serverConfig(tt.args, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }, &stderr)
			var ee *exitError
			if !asExit(err, &ee) || ee.code != exitUsage || !strings.Contains(err.Error()+stderr.String(), tt.want) {
				t.Fatalf("err = %v (stderr %q); want a usage error mentioning %q", err, stderr.String(), tt.want)
			}
		})
	}
	var stderr bytes.Buffer
	if code := run(t.Context(), []string{"server", "--defects", "bogus"}, io.Discard, &stderr); code != exitUsage ||
		!strings.Contains(stderr.String(), "store-lock-across-call") {
		t.Errorf("exit %d, stderr %q; want 2 listing the valid defects", code, stderr.String())
	}
	stderr.Reset()
	if code := run(t.Context(), []string{"server", "--store", "bogus"}, io.Discard, &stderr); code != exitUsage ||
		!strings.Contains(stderr.String(), `store "bogus" unknown (have `+strings.Join(store.VectorBackends(), ", ")) {
		t.Errorf("exit %d, stderr %q; want 2 naming the store and listing the backends", code, stderr.String())
	}
}

func asExit(err error, ee **exitError) bool {
	e, ok := err.(*exitError)
	*ee = e
	return ok
}

// The command prints its ready line, serves, and shuts down cleanly when
// its context is cancelled (SIGTERM in main).
func TestServerServesUntilCancelled(t *testing.T) {
	fl := fakellmtest.NewServer(t, fakellm.Config{Seed: 1})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"server", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
			"--data", t.TempDir(), "--llm-base-url", fl.URL() + "/v1", "--log-level", "warn"}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no ready line: %v (stderr %s)", err, stderr.String())
	}
	f := strings.Fields(line)
	if len(f) != 5 || f[0]+" "+f[1]+" "+f[2] != "hangar server listening" {
		t.Fatalf("ready line %q", line)
	}
	api, admin := strings.TrimPrefix(f[3], "api="), strings.TrimPrefix(f[4], "admin=")
	c := &http.Client{Timeout: 5 * time.Second}
	for _, u := range []string{api + "/health", admin + "/ready", admin + "/metrics"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", u, resp.StatusCode)
		}
	}
	c.CloseIdleConnections()
	cancel()
	go io.Copy(io.Discard, pr)
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop after cancel")
	}
}
