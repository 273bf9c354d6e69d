package servercontainer_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/containerstest"
	"github.com/hangarhq/hangar/containers/servercontainer"
	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
)

const testTimeout = 5 * time.Minute

// TestFaultsOnHostNetwork runs the server container against an in-process
// fake LLM on the host's loopback, then pauses, kills and restarts it: a
// paused server does not answer /health; a killed one, started again on
// the same data directory at the same URL, still has its indexed document.
func TestFaultsOnHostNetwork(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	llm := fakellmtest.NewServer(t, fakellm.Config{})
	srv, err := servercontainer.RunOnHost(ctx,
		servercontainer.WithLLM(llm.URL()+"/v1"),
		servercontainer.WithDataDir(t.TempDir()),
		servercontainer.WithResources(1, 256<<20),
		servercontainer.WithArgs("--cascade-poll-interval", "100ms"))
	testcontainers.CleanupContainer(t, srv)
	if err != nil {
		t.Fatal(err)
	}
	id := containerstest.Upload(t, srv.URL(), "kept.md", "# Kept\n\nA document that outlives a SIGKILL.\n")
	containerstest.WaitStatus(t, ctx, srv.URL(), id, "indexed")
	assertMetrics(t, srv.AdminURL())

	if err := srv.Pause(ctx); err != nil {
		t.Fatal(err)
	}
	if err := health(srv.URL(), 500*time.Millisecond); !isTimeout(err) {
		t.Errorf("/health of a paused server: err = %v, want a client timeout", err)
	}
	if err := srv.Unpause(ctx); err != nil {
		t.Fatal(err)
	}
	if err := health(srv.URL(), 5*time.Second); err != nil {
		t.Errorf("/health after unpause: %v", err)
	}

	url := srv.URL()
	if err := srv.Kill(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := srv.State(ctx); err != nil || st.Running {
		t.Fatalf("after kill: state %+v, %v; want not running", st, err)
	}
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if srv.URL() != url {
		t.Errorf("URL after restart = %s, want %s", srv.URL(), url)
	}
	if doc := containerstest.WaitStatus(t, ctx, srv.URL(), id, "indexed"); doc.DocID != id {
		t.Errorf("after restart got %+v, want document %s", doc, id)
	}
}

func assertMetrics(t *testing.T, admin string) {
	t.Helper()
	if admin == "" {
		t.Fatal("AdminURL is empty on the host network")
	}
	resp, err := containerstest.HTTPClient.Get(admin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("GET %s/metrics: %s %s", admin, resp.Status, resp.Header.Get("Content-Type"))
	}
}

func health(base string, timeout time.Duration) error {
	c := &http.Client{Timeout: timeout}
	defer c.CloseIdleConnections()
	resp, err := c.Get(base + "/health")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
