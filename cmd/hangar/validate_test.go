package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/scenarios"
)

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, good, "name: good\nduration: 5s\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\n")
	writeFile(t, bad, "name: bad\nduration: 5s\nload:\n  uploads: {count: 1, concurency: 2}\nexpect: {leaks: {goroutines: true}}\n")
	badArgs := filepath.Join(dir, "args.yaml")
	writeFile(t, badArgs, "name: args\nduration: 5s\ntarget:\n  server:\n    args: [--request-budget=soon]\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\n")
	badEnv := filepath.Join(dir, "env.yaml")
	writeFile(t, badEnv, "name: env\nduration: 5s\ntarget:\n  server:\n    env: {HANGAR_LLM_MAX_ATTEMPTS: many}\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\n")
	external := filepath.Join(dir, "external.yaml")
	writeFile(t, external, "name: ext\nduration: 5s\ntarget:\n  server: {launch: external, args: [--nonsense]}\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\n")
	tests := []struct {
		name       string
		give       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{
			name: "embedded", give: nil, wantCode: exitOK,
			wantStdout: []string{"ok seed-316.yaml (embedded)\n", "ok soak-200.yaml (embedded)\n"},
		},
		{name: "good file", give: []string{good}, wantCode: exitOK, wantStdout: []string{"ok " + good + "\n"}},
		{name: "shipped name", give: []string{"pause-resume"}, wantCode: exitOK, wantStdout: []string{"ok pause-resume (embedded)\n"}},
		{
			name: "bad file", give: []string{good, bad}, wantCode: exitUsage,
			wantStdout: []string{"ok " + good},
			wantStderr: []string{bad + `:4:23: load.uploads: unknown key "concurency"`, "1 of 2 scenarios invalid"},
		},
		{
			name: "missing file", give: []string{filepath.Join(dir, "nope.yaml")}, wantCode: exitUsage,
			wantStderr: []string{"read scenario: open " + filepath.Join(dir, "nope.yaml") + ": no such file or directory"},
		},
		{
			name: "bad server args", give: []string{badArgs}, wantCode: exitUsage,
			wantStderr: []string{badArgs + `:5:11: target.server.args: hangar server rejects this flag list: invalid value "soon" for flag -request-budget`},
		},
		{
			name: "bad server env", give: []string{badEnv}, wantCode: exitUsage,
			wantStderr: []string{badEnv + `:5:10: target.server.env: hangar server rejects this environment: HANGAR_LLM_MAX_ATTEMPTS="many": parse error`},
		},
		{name: "external takes no args", give: []string{external}, wantCode: exitUsage,
			wantStderr: []string{external + ":4:36: target.server.args: not accepted by launch: external (it takes url, admin_url)"}},
		{name: "bad flag", give: []string{"--nope"}, wantCode: exitUsage, wantStderr: []string{"usage: hangar validate [FILE|NAME...]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"validate"}, tt.give...), &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			}
			for _, want := range tt.wantStdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout %q does not contain %q", stdout.String(), want)
				}
			}
			for _, want := range tt.wantStderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q does not contain %q", stderr.String(), want)
				}
			}
		})
	}
}

func TestValidateListsEveryShippedScenario(t *testing.T) {
	var stdout bytes.Buffer
	if code := run(context.Background(), []string{"validate"}, &stdout, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if got, want := strings.Count(stdout.String(), "ok "), len(scenarios.Names()); got != want {
		t.Fatalf("%d ok lines, want %d", got, want)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
