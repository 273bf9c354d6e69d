package telemetry

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMetricsLintAndNames(t *testing.T) {
	m := New()
	m.RunStarted("seed-316", 316)
	m.Upload(201, "")
	m.Upload(0, "timeout")
	m.Probe("health", 5*time.Millisecond, true)
	m.Probe("health", time.Second, false)
	m.Verdict("health.p99", -1)
	m.Faults(2)
	m.Indexed(7)
	m.RunEnded(3 * time.Second)
	problems, err := testutil.GatherAndLint(m.Registry)
	if err != nil || len(problems) > 0 {
		t.Fatalf("lint: %v %+v", err, problems)
	}
	want := `
# HELP hangar_harness_uploads_total Uploads answered, by outcome (HTTP status class or error).
# TYPE hangar_harness_uploads_total counter
hangar_harness_uploads_total{outcome="2xx"} 1
hangar_harness_uploads_total{outcome="error"} 1
`
	if err := testutil.GatherAndCompare(m.Registry, strings.NewReader(want), "hangar_harness_uploads_total"); err != nil {
		t.Fatal(err)
	}
	gauges := []struct {
		name string
		got  float64
		want float64
	}{
		{"faults_active", testutil.ToFloat64(m.faults), 2},
		{"indexed_documents", testutil.ToFloat64(m.indexed), 7},
		{"run_running", testutil.ToFloat64(m.running), 0},
		{"run_duration_seconds", testutil.ToFloat64(m.duration), 3},
	}
	for _, g := range gauges {
		if g.got != g.want {
			t.Errorf("%s = %v, want %v", g.name, g.got, g.want)
		}
	}
}

func TestServe(t *testing.T) {
	m := New()
	m.RunStarted("x", 1)
	s, err := Serve("127.0.0.1:0", m)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `hangar_harness_run_info{scenario="x",seed="1"} 1`) {
		t.Fatalf("metrics page lacks run_info:\n%s", body)
	}
	http.DefaultClient.CloseIdleConnections()
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestServeRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "example.com:80", "nonsense"} {
		if _, err := Serve(addr, New()); err == nil {
			t.Errorf("Serve(%q) accepted", addr)
		}
	}
}

// TestWaitScrape: the wait ends on the first scrape after the call, not on
// one before it, and gives up when its context ends.
func TestWaitScrape(t *testing.T) {
	s, err := Serve("127.0.0.1:0", New())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	defer http.DefaultClient.CloseIdleConnections()
	scrape := func() {
		resp, err := http.Get(s.URL())
		if err != nil {
			t.Error(err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	scrape() // before the wait: must not count

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s.WaitScrape(ctx) {
		t.Fatal("WaitScrape reported a scrape that happened before it was called")
	}

	done := make(chan bool)
	go func() { done <- s.WaitScrape(context.Background()) }()
	for {
		scrape() // the waiter may not have taken its channel yet: scrape until it returns
		select {
		case ok := <-done:
			if !ok {
				t.Fatal("WaitScrape = false after a scrape")
			}
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}
