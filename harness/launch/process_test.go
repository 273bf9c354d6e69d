package launch

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// processSpec runs the test binary's fake server behind `sh -c`, with a
// grandchild (sleep) in the same process group.
func processSpec(t *testing.T) Spec {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	script := `sleep 1000 & exec "$0" server --addr 127.0.0.1:{{port.http}} --admin-addr 127.0.0.1:{{port.pprof}} --data {{data_dir}}`
	return Spec{
		Command:    []string{"/bin/sh", "-c", script, bin},
		Env:        map[string]string{childEnv: "1", "LLM": "{{llm_url}}"},
		Ports:      []string{"http", "pprof"},
		URL:        "http://127.0.0.1:{{port.http}}",
		AdminURL:   "http://127.0.0.1:{{port.pprof}}/",
		Ready:      Ready{URL: "http://127.0.0.1:{{port.http}}/health", Status: []int{200}},
		DataDir:    t.TempDir(),
		LLMBaseURL: "http://127.0.0.1:1/v1",
		ProxyURL:   "http://127.0.0.1:2",
	}
}

func members(t *testing.T, tg Target) (pgid int, g group) {
	t.Helper()
	p := tg.(*process)
	p.mu.Lock()
	c := p.child
	p.mu.Unlock()
	if c == nil {
		t.Fatal("no child")
	}
	g, ok := readGroup(c.pgid)
	if !ok {
		t.Skip("no /proc")
	}
	return c.pgid, g
}

func gone(t *testing.T, pgid int) {
	t.Helper()
	if g, _ := readGroup(pgid); g.members != 0 {
		t.Fatalf("process group %d still has %d live members", pgid, g.members)
	}
}

func TestProcessGroupLifecycle(t *testing.T) {
	ctx := context.Background()
	tg, err := LaunchProcess(ctx, processSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close(ctx)
	url := tg.URL()
	if !strings.HasPrefix(url, "http://127.0.0.1:") || strings.Contains(url, "{{") || strings.HasSuffix(tg.AdminURL(), "/") {
		t.Fatalf("urls %q %q", url, tg.AdminURL())
	}
	for k, want := range map[string]string{"LLM": "http://127.0.0.1:1", "HTTPS_PROXY": "http://127.0.0.1:2", "NO_PROXY": "127.0.0.1,localhost"} {
		if got, err := get(t, url+"/env?k="+k, 5*time.Second); err != nil || got != want {
			t.Fatalf("env %s = %q (%v), want %q", k, got, err, want)
		}
	}
	pgid, g := members(t, tg)
	if g.members != 2 {
		t.Fatalf("group %d has %d members, want the server and its sleep", pgid, g.members)
	}

	if err := tg.Do(ctx, Pause); err != nil {
		t.Fatal(err)
	}
	if _, g = members(t, tg); g.running != 0 || g.stopped < 2 {
		t.Fatalf("after pause: %+v", g)
	}
	if _, err := get(t, url+"/health", 100*time.Millisecond); err == nil {
		t.Fatal("a SIGSTOPped server answered")
	}
	if err := tg.Do(ctx, Resume); err != nil {
		t.Fatal(err)
	}
	if _, g = members(t, tg); g.stopped != 0 {
		t.Fatalf("after resume: %+v", g)
	}
	pid1, err := get(t, url+"/pid", 5*time.Second)
	if err != nil {
		t.Fatalf("after resume: %v", err)
	}

	if err := tg.Do(ctx, Kill); err != nil {
		t.Fatal(err)
	}
	gone(t, pgid)
	if err := tg.Do(ctx, Restart); err != nil {
		t.Fatal(err)
	}
	if tg.URL() != url {
		t.Fatalf("restart moved the server from %s to %s", url, tg.URL())
	}
	pid2, err := get(t, url+"/pid", 5*time.Second)
	if err != nil || pid2 == pid1 {
		t.Fatalf("after restart pid %q (before %q), err %v", pid2, pid1, err)
	}
	pgid2, _ := members(t, tg)
	if err := tg.Do(ctx, Restart); err != nil { // restart of a running group
		t.Fatal(err)
	}
	gone(t, pgid2)
	pgid3, _ := members(t, tg)
	if err := tg.Close(ctx); err != nil {
		t.Fatalf("graceful close: %v", err)
	}
	gone(t, pgid3)
}

func TestProcessClosePausedGroup(t *testing.T) {
	ctx := context.Background()
	tg, err := LaunchProcess(ctx, processSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	pgid, _ := members(t, tg)
	if err := tg.Do(ctx, Pause); err != nil {
		t.Fatal(err)
	}
	if err := tg.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	gone(t, pgid)
}

func TestProcessLaunchErrors(t *testing.T) {
	base := func(t *testing.T) Spec { return processSpec(t) }
	tests := []struct {
		name string
		edit func(*Spec)
		want string
	}{
		{"no command", func(s *Spec) { s.Command = nil }, "launch process: no command"},
		{"no url", func(s *Spec) { s.URL = "" }, "launch process: no url"},
		{"unknown placeholder", func(s *Spec) { s.Env["X"] = "{{port.grpc}}" }, "launch process: env.X: unknown placeholder {{port.grpc}}"},
		{"missing binary", func(s *Spec) { s.Command = []string{"/nonexistent/prog"} }, "no such file"},
		{"exits at once", func(s *Spec) { s.Command = []string{"/bin/sh", "-c", "exit 3"} }, "exited before ready: exit status 3"},
		{"wrong status", func(s *Spec) {
			s.Ready.Status, s.Ready.Timeout = []int{204}, 3*time.Second
		}, "/health answered 200, want [204])"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base(t)
			tt.edit(&s)
			tg, err := LaunchProcess(context.Background(), s)
			if err == nil {
				tg.Close(context.Background())
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestSubprocessSpec(t *testing.T) {
	s := SubprocessSpec(Spec{ServerBin: "/bin/hangar", Defects: []string{"a", "b"}, Args: []string{"--x"}})
	want := "/bin/hangar server --addr 127.0.0.1:{{port.http}} --admin-addr 127.0.0.1:{{port.admin}} --data {{data_dir}} --llm-base-url {{llm_base_url}} --defects a,b --x"
	if got := strings.Join(s.Command, " "); got != want {
		t.Fatalf("command %s", got)
	}
	if s.Ready.URL != "http://127.0.0.1:{{port.http}}/health" || strings.Join(s.Ports, ",") != "http,admin" {
		t.Fatalf("spec %+v", s)
	}
}
