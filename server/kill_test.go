package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/internal/memnet"
)

// TestKillLeavesClaims kills a server while its cascade holds a claim (the
// embedding call hangs) and restarts one on the same data dir, in virtual
// time over an in-memory network. Kill releases nothing, as SIGKILL: the
// correct server recovers the dead instance's claim on start and indexes
// the document; with no-lease-expiry it stays indexing for good.
func TestKillLeavesClaims(t *testing.T) {
	for _, tt := range []struct {
		name    string
		defects []string
		want    string
	}{
		{"recovered on restart", nil, "indexed"},
		{"no-lease-expiry leaves it indexing", []string{DefectNoLeaseExpiry}, "indexing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				if got := killAndRestart(t, tt.defects); got != tt.want {
					t.Fatalf("document %s after kill and restart, want %s", got, tt.want)
				}
			})
		})
	}
}

func killAndRestart(t *testing.T, defects []string) string {
	n := memnet.New()
	ln, _ := n.Listen("tcp", "127.0.0.1:0")
	fl, err := fakellm.New(fakellm.Config{Listener: ln, Seed: 1, EmbeddingDim: 16,
		Plan: fakellm.MustParsePlan("rules: [{match: {endpoint: embeddings}, action: {kind: hang}}]")})
	if err != nil || fl.Start() != nil {
		t.Fatalf("fakellm: %v", err)
	}
	defer fl.Close()
	cfg := testConfig(t, fl.URL())
	cfg.Listen, cfg.LLMDial, cfg.Defects = n.Listen, n.DialContext, defects
	cfg.Cascade.EmbedTimeout, cfg.Cascade.Lease = time.Minute, 2*time.Minute // only a kill ends the claim
	tr := &http.Transport{DialContext: n.DialContext}
	defer tr.CloseIdleConnections()
	f := &fixture{t: t, llm: fl, cfg: cfg, c: &http.Client{Transport: tr}}
	f.srv = startServer(t, cfg)
	id := decodeData[created](t, f.upload(doc("crash", "# Crash\n\nA document the cascade holds when the server dies."))).DocID
	time.Sleep(time.Second) // claimed, its embedding hung
	if err := f.srv.Kill(); err != nil {
		t.Fatalf("kill: %v", err)
	}
	if _, err := n.Dial("tcp", hostPortOf(f.srv.URL())); err == nil {
		t.Fatal("the API still accepts connections after Kill")
	}
	fl.SetPlan(nil)
	cfg.Addr, cfg.AdminAddr = hostPortOf(f.srv.URL()), hostPortOf(f.srv.AdminURL())
	f.srv = startServer(t, cfg)
	defer f.srv.Shutdown(context.Background())
	time.Sleep(30 * time.Second)
	return docStatus(t, f, id)
}

func startServer(t *testing.T, cfg Config) *Server {
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return srv
}

func hostPortOf(url string) string { return url[len("http://"):] }

func docStatus(t *testing.T, f *fixture, id string) string {
	resp, err := f.c.Get(f.srv.URL() + "/api/v1/knowledge/documents/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env struct {
		Data struct {
			Status string `json:"status"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("document %s: %s: %v", id, b, err)
	}
	return env.Data.Status
}
