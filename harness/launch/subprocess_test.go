package launch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func childSpec(t *testing.T) Spec {
	t.Helper()
	t.Setenv(childEnv, "1")
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Spec{ServerBin: bin, DataDir: t.TempDir(), LLMBaseURL: "http://127.0.0.1:1/v1", Env: map[string]string{childEnv: "1"}}
}

func get(t *testing.T, url string, timeout time.Duration) (string, error) {
	t.Helper()
	c := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestSubprocessLifecycle(t *testing.T) {
	ctx := context.Background()
	l, err := Lookup("subprocess")
	if err != nil {
		t.Fatal(err)
	}
	tg, err := l.Launch(ctx, childSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close(ctx)
	url := tg.URL()
	pid1, err := get(t, url+"/pid", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}

	if err := tg.Do(ctx, Pause); err != nil {
		t.Fatal(err)
	}
	if _, err := get(t, url+"/health", 100*time.Millisecond); err == nil {
		t.Fatal("a SIGSTOPped server answered")
	}
	if err := tg.Do(ctx, Resume); err != nil {
		t.Fatal(err)
	}
	if _, err := get(t, url+"/health", 5*time.Second); err != nil {
		t.Fatalf("after resume: %v", err)
	}

	if err := tg.Do(ctx, Kill); err != nil {
		t.Fatal(err)
	}
	if _, err := get(t, url+"/health", time.Second); err == nil {
		t.Fatal("a killed server answered")
	}
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
	if err := tg.Close(ctx); err != nil {
		t.Fatalf("graceful close: %v", err)
	}
}

func TestSubprocessClosePaused(t *testing.T) {
	ctx := context.Background()
	tg, err := launchSubprocess(ctx, childSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := tg.Do(ctx, Pause); err != nil {
		t.Fatal(err)
	}
	if err := tg.Close(ctx); err != nil { // SIGCONT then SIGTERM: clean exit
		t.Fatalf("close: %v", err)
	}
}

func TestSubprocessBadBinary(t *testing.T) {
	tests := []struct{ name, bin, want string }{
		{"missing", "/nonexistent/hangar", "no such file"},
		{"exits at once", "/bin/false", "exited before ready: exit status 1"},
		{"no binary", "", "no server binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := launchSubprocess(context.Background(), Spec{ServerBin: tt.bin, DataDir: t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func TestExternal(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"ok", "http://127.0.0.1:8000/", ""},
		{"empty", "", "no url"},
		{"not http", "ftp://x", "not an http(s) base URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg, err := launchExternal(context.Background(), Spec{URL: tt.url})
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err %v, want %q", err, tt.want)
				}
				return
			}
			if err != nil || tg.URL() != "http://127.0.0.1:8000" || !errors.Is(tg.Do(context.Background(), Kill), ErrUnsupported) {
				t.Fatalf("external %v err %v", tg, err)
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	if got := strings.Join(Names(), ","); got != "container,external,inprocess,process,subprocess" {
		t.Fatalf("Names() = %s", got)
	}
	if _, err := Lookup("ssh"); err == nil || !strings.Contains(err.Error(), `no launcher "ssh"`) {
		t.Fatalf("ssh: %v", err)
	}
}

func TestCaps(t *testing.T) {
	tests := []struct {
		name    string
		actions string
		keys    string
		leaks   LeakMode
		virtual bool
	}{
		{"container", "kill,restart,pause,resume", "args,env,defects,resources", LeakPprof, false},
		{"external", "", "url,admin_url", LeakPprof, false},
		{"inprocess", "kill,restart", "defects", LeakGoleak, true},
		{"process", "kill,restart,pause,resume", "url,admin_url,command,env,ports,ready,egress", LeakPprof, false},
		{"subprocess", "kill,restart,pause,resume", "args,env,egress,defects", LeakPprof, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Lookup(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			c := l.Caps()
			var acts, keys []string
			for _, a := range c.Actions {
				acts = append(acts, string(a))
			}
			for _, k := range c.Accepts.Keys() {
				if k.Accepted {
					keys = append(keys, k.Name)
				}
			}
			if got := strings.Join(acts, ","); got != tt.actions {
				t.Errorf("actions %s, want %s", got, tt.actions)
			}
			if got := strings.Join(keys, ","); got != tt.keys {
				t.Errorf("keys %s, want %s", got, tt.keys)
			}
			if c.Leaks != tt.leaks || c.Virtual != tt.virtual {
				t.Errorf("leaks %s virtual %v", c.Leaks, c.Virtual)
			}
		})
	}
	if got := strings.Join(Can(Pause), ","); got != "container,process,subprocess" {
		t.Errorf("Can(pause) = %s", got)
	}
}
