package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

func TestFakellmServesUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(plan, []byte("rules:\n  - match: {endpoint: models}\n    action: {kind: status, code: 503}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"fakellm", "--addr", "127.0.0.1:0", "--plan", plan, "--seed", "3", "--model", "m1"}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no ready line: %v", err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "hangar fakellm listening url=")
	if !ok {
		t.Fatalf("ready line %q", line)
	}
	c := &http.Client{Timeout: 5 * time.Second}
	for path, want := range map[string]int{"/v1/models": 503, "/health": 200} {
		resp, err := c.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: status %d, want %d", path, resp.StatusCode, want)
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
	case <-time.After(10 * time.Second):
		t.Fatal("fakellm did not stop after cancel")
	}
}

func TestFakellmBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("seed: 1\nrules:\n  - name: a\n    match: {endpoint: chat}\n    action:\n      kind: delay\n      duraton: 1s\n"), 0o644)
	tests := []struct {
		name    string
		give    []string
		wantErr string
	}{
		{name: "unknown plan key", give: []string{"--plan", bad}, wantErr: bad + `:7:7: rules[0].action: unknown key "duraton"`},
		{name: "missing plan", give: []string{"--plan", filepath.Join(dir, "nope.yaml")}, wantErr: "no such file"},
		{name: "bad dim", give: []string{"--embedding-dim", "0"}, wantErr: "--embedding-dim 0: must be at least 1"},
		{name: "bad seed", give: []string{"--seed", "x"}, wantErr: `invalid value "x" for flag -seed`},
		{name: "stray arg", give: []string{"extra"}, wantErr: "unexpected arguments: extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// A regression that starts serving stops at the deadline instead of hanging.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			args := append([]string{"fakellm", "--addr", "127.0.0.1:0"}, tt.give...)
			if code := run(ctx, args, &stdout, &stderr); code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("stderr %q does not contain %q", stderr.String(), tt.wantErr)
			}
		})
	}
}

// TestFakellmGCPercent: hangar fakellm serves with its own GC target when
// GOGC is unset, keeps the one GOGC sets, and leaves the process's as it
// found it when it stops.
func TestFakellmGCPercent(t *testing.T) {
	t.Setenv("GOGC", "") // restored after the test
	for _, tc := range []struct {
		name string
		env  string // "" unsets GOGC
		want uint64
	}{
		{"GOGC unset", "", fakellmGCPercent},
		{"GOGC set", "150", 150},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env == "" {
				os.Unsetenv("GOGC")
			} else {
				os.Setenv("GOGC", tc.env)
				defer debug.SetGCPercent(debug.SetGCPercent(150)) // what the runtime would have read from it
			}
			before := gcPercent()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			pr, pw := io.Pipe()
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, []string{"fakellm", "--addr", "127.0.0.1:0"}, pw, io.Discard)
				pw.Close()
			}()
			if _, err := bufio.NewReader(pr).ReadString('\n'); err != nil {
				t.Fatalf("no ready line: %v", err)
			}
			if got := gcPercent(); got != tc.want {
				t.Errorf("GC percent while serving = %d, want %d", got, tc.want)
			}
			cancel()
			go io.Copy(io.Discard, pr)
			if code := <-done; code != exitOK {
				t.Fatalf("exit %d", code)
			}
			if got := gcPercent(); got != before {
				t.Errorf("GC percent after = %d, want %d as before", got, before)
			}
		})
	}
}

// gcPercent reads the garbage collector's current target.
func gcPercent() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
