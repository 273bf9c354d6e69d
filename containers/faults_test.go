package containers_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"

	"github.com/hangarhq/hangar/containers/containerstest"
	"github.com/hangarhq/hangar/containers/fakellmcontainer"
	"github.com/hangarhq/hangar/containers/servercontainer"
)

// fastArgs are short server deadlines, so every fault resolves within a
// test (production defaults are 30 s attempts and 2 min budgets).
var fastArgs = []string{"--request-budget=4s", "--llm-attempt-timeout=1s", "--llm-call-budget=3s",
	"--llm-max-attempts=2", "--llm-backoff-max=1s", "--llm-breaker-failures=2", "--llm-breaker-delay=1s",
	"--cascade-poll-interval=100ms", "--cascade-embed-timeout=2s", "--cascade-store-timeout=2s", "--cascade-lease=8s"}

// pair is a fake LLM (alias "llm") and a server on one user-defined network.
func pair(t *testing.T, ctx context.Context, serverOpts ...testcontainers.ContainerCustomizer) (*fakellmcontainer.Container, *servercontainer.Container, string) {
	t.Helper()
	nw, err := network.New(ctx, network.WithLabels(containerstest.Labels()))
	testcontainers.CleanupNetwork(t, nw)
	if err != nil {
		t.Fatal(err)
	}
	llm, err := fakellmcontainer.Run(ctx, network.WithNetwork([]string{"llm"}, nw))
	testcontainers.CleanupContainer(t, llm)
	if err != nil {
		t.Fatal(err)
	}
	opts := append([]testcontainers.ContainerCustomizer{
		servercontainer.WithLLM(fakellmcontainer.AliasURL("llm") + "/v1"),
		servercontainer.WithArgs(fastArgs...),
		network.WithNetwork([]string{"server"}, nw)}, serverOpts...)
	srv, err := servercontainer.Run(ctx, opts...)
	testcontainers.CleanupContainer(t, srv)
	if err != nil {
		t.Fatal(err)
	}
	return llm, srv, nw.Name
}

// TestPauseLLM is container-pause-llm: the LLM container is frozen (its
// sockets open, nothing answers). On the correct server uploads are
// answered within the request budget with 503/504, /health stays fast, and
// after unpause uploads succeed again. With no-llm-deadline the uploads are
// not answered: the scenario catches that defect.
func TestPauseLLM(t *testing.T) {
	containerstest.RequireEngine(t)
	tests := []struct {
		name    string
		defects []string
		caught  bool
	}{
		{name: "correct server"},
		{name: "no-llm-deadline", defects: []string{"no-llm-deadline"}, caught: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.caught && testing.Short() {
				t.Skip("-short: the defect row waits out two upload bounds")
			}
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			llm, srv, _ := pair(t, ctx, servercontainer.WithDefects(tt.defects...))
			if err := llm.Pause(ctx); err != nil {
				t.Fatal(err)
			}
			bad := uploadsWhilePaused(ctx, srv.URL())
			if caught := len(bad) > 0; caught != tt.caught {
				t.Fatalf("defect caught = %v (%v), want %v", caught, bad, tt.caught)
			}
			if err := llm.Unpause(ctx); err != nil {
				t.Fatal(err)
			}
			if !tt.caught {
				id := uploadEventually(t, ctx, srv.URL(), "after.md")
				containerstest.WaitStatus(t, ctx, srv.URL(), id, "indexed")
			}
		})
	}
}

// UploadBound is how long an upload may take while the LLM is frozen: the
// server's request budget (4s) and slack.
const UploadBound = 7 * time.Second

// uploadsWhilePaused sends two uploads, each bounded by UploadBound, while
// /health is probed, and returns what broke the expectations.
func uploadsWhilePaused(ctx context.Context, base string) []string {
	var bad []string
	stop := watchHealth(base)
	for i := range 2 {
		uctx, cancel := context.WithTimeout(ctx, UploadBound)
		status, code, _, err := containerstest.TryUpload(uctx, base, fmt.Sprintf("p%d.md", i), "# Paused\n\nThe LLM is frozen.\n")
		cancel()
		if err != nil || !slices.Contains([]int{http.StatusServiceUnavailable, http.StatusGatewayTimeout}, status) {
			bad = append(bad, fmt.Sprintf("upload %d: %d %s %v (want 503/504 within %v)", i, status, code, err, UploadBound))
		}
	}
	if h := stop(); len(h.failures) > 0 {
		bad = append(bad, fmt.Sprintf("%s; failed: %v", h.figures, h.failures))
	}
	return bad
}

// TestPartition is container-partition: the fake LLM is disconnected from
// the network. The breaker opens (LLM_UNAVAILABLE), /health stays fast;
// reconnected, the server recovers by itself.
func TestPartition(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	llm, srv, nw := pair(t, ctx)
	stop := watchHealth(srv.URL())
	if err := llm.Disconnect(ctx, nw); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for i := 0; i < 6 && !slices.Contains(codes, "LLM_UNAVAILABLE"); i++ {
		status, code, _, err := containerstest.TryUpload(ctx, srv.URL(), fmt.Sprintf("cut%d.md", i), "# Cut\n\nNo route to the LLM.\n")
		if err != nil || status < 500 {
			t.Fatalf("upload during the partition: %d %s %v, want a 5xx answer", status, code, err)
		}
		codes = append(codes, code)
	}
	if !slices.Contains(codes, "LLM_UNAVAILABLE") {
		t.Errorf("error codes during the partition %v, want the breaker's LLM_UNAVAILABLE", codes)
	}
	if err := llm.Connect(ctx, nw, "llm"); err != nil {
		t.Fatal(err)
	}
	id := uploadEventually(t, ctx, srv.URL(), "healed.md")
	containerstest.WaitStatus(t, ctx, srv.URL(), id, "indexed")
	checkHealth(t, stop)
}

// TestCPUStarved is container-cpu-starved: the server at 0.25 CPU and
// 128 MiB ingests documents while /health is probed; every probe answers
// within its timeout and every document is indexed. The latencies are
// logged (figures, not assertions of speed).
func TestCPUStarved(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	_, srv, _ := pair(t, ctx, servercontainer.WithResources(0.25, 128<<20))
	stop := watchHealth(srv.URL())
	var ids []string
	para := strings.Repeat("A server with a quarter of a CPU and 128 MiB ingests this paragraph. ", 100)
	for i := range 20 {
		ids = append(ids, containerstest.Upload(t, srv.URL(), fmt.Sprintf("s%d.md", i),
			fmt.Sprintf("# Starved %d\n\n%s\n\n## More\n\n%s\n", i, para, para)))
	}
	for _, id := range ids {
		containerstest.WaitStatus(t, ctx, srv.URL(), id, "indexed")
	}
	checkHealth(t, stop)
}

// checkHealth stops the watcher and fails t on any failed probe.
func checkHealth(t *testing.T, stop func() healthResult) {
	t.Helper()
	h := stop()
	t.Log(h.figures)
	if len(h.failures) > 0 {
		t.Errorf("/health over the threshold %v: %v", HealthTimeout, h.failures)
	}
}

// uploadEventually retries until a 201 (the server recovering by itself),
// bounded by ctx.
func uploadEventually(t *testing.T, ctx context.Context, base, name string) string {
	t.Helper()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		status, code, id, err := containerstest.TryUpload(ctx, base, name, "# Back\n\nThe LLM answers again.\n")
		if status == http.StatusCreated {
			return id
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no 201 before %v: last %d %s %v", ctx.Err(), status, code, err)
		case <-tick.C:
		}
	}
}

// HealthTimeout is the /health threshold the fault tests hold the server to.
const HealthTimeout = time.Second

// healthResult is what watchHealth saw.
type healthResult struct {
	failures []string // probes that were not a 200 within HealthTimeout
	figures  string   // probe count and latency quantiles
}

// watchHealth probes /health every 100 ms until stop is called.
func watchHealth(base string) (stop func() healthResult) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var lat []time.Duration
	var failures []string
	wg.Go(func() {
		c := &http.Client{Timeout: HealthTimeout}
		defer c.CloseIdleConnections()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			start := time.Now()
			resp, err := c.Get(base + "/health")
			switch {
			case err != nil:
				failures = append(failures, err.Error())
			case resp.StatusCode != http.StatusOK:
				failures = append(failures, resp.Status)
			}
			if err == nil {
				resp.Body.Close()
			}
			lat = append(lat, time.Since(start))
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	return func() healthResult {
		cancel()
		wg.Wait()
		slices.Sort(lat)
		return healthResult{failures: failures, figures: fmt.Sprintf("/health: %d probes, p50 %v, p99 %v, max %v",
			len(lat), lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1])}
	}
}
