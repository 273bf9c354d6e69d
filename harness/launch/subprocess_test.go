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
	l, err := Get("subprocess")
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
		{"exits at once", "/bin/false", "exited before listening"},
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

func TestParseListening(t *testing.T) {
	tests := []struct {
		give, api, adm, err string
	}{
		{"hangar server listening api=http://a admin=http://b", "http://a", "http://b", ""},
		{"hangar server listening api=http://a", "", "", "lacks"},
		{"panic: boom", "", "", "unexpected first line"},
	}
	for _, tt := range tests {
		api, adm, err := parseListening(tt.give)
		if api != tt.api || adm != tt.adm || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("parseListening(%q) = %q, %q, %v", tt.give, api, adm, err)
		}
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
	if got := strings.Join(Names(), ","); got != "container,external,inprocess,subprocess" {
		t.Fatalf("Names() = %s", got)
	}
	if _, err := Get("ssh"); err == nil || !strings.Contains(err.Error(), `no launcher "ssh"`) {
		t.Fatalf("ssh: %v", err)
	}
}

func FuzzParseListening(f *testing.F) {
	f.Add("hangar server listening api=http://127.0.0.1:1 admin=http://127.0.0.1:2")
	f.Add("hangar server listening")
	f.Add("")
	f.Fuzz(func(t *testing.T, line string) {
		api, adm, err := parseListening(line)
		if err == nil && (api == "" || adm == "") {
			t.Fatalf("accepted %q without both urls", line)
		}
	})
}
