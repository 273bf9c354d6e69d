package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestMain is the only one in package main: subcommand tests in other files
// share it.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		name     string
		give     []string
		wantCode int
		wantErr  string
	}{
		{name: "no args", give: nil, wantCode: exitUsage, wantErr: "usage: hangar <command>"},
		{name: "help", give: []string{"--help"}, wantCode: exitOK, wantErr: "commands:"},
		{name: "unknown", give: []string{"nope"}, wantCode: exitUsage, wantErr: `unknown command "nope"`},
		{name: "bad flag", give: []string{"version", "--bogus"}, wantCode: exitUsage, wantErr: "flag provided but not defined: -bogus"},
		{name: "sub help", give: []string{"version", "-h"}, wantCode: exitOK, wantErr: "usage: hangar version"},
		{name: "version", give: []string{"version"}, wantCode: exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), tt.give, &stdout, &stderr)
			if got != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", got, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("stderr %q does not contain %q", stderr.String(), tt.wantErr)
			}
		})
	}
}

func TestExitCodeMapping(t *testing.T) {
	tests := []struct {
		name string
		give error
		want int
	}{
		{name: "usage", give: usageError(errors.New("bad")), want: exitUsage},
		{name: "failed", give: failedError(errors.New("assertion")), want: exitFailed},
		{name: "inconclusive", give: inconclusiveError(errors.New("starved")), want: exitInconclusive},
		{name: "other", give: errors.New("boom"), want: exitHarness},
		{name: "wrapped usage", give: errors.Join(errors.New("ctx"), usageError(errors.New("bad"))), want: exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "test-" + strings.ReplaceAll(tt.name, " ", "-")
			commands[name] = command{name: name, run: func(context.Context, []string, io.Writer, io.Writer) error { return tt.give }}
			defer delete(commands, name)
			if got := run(context.Background(), []string{name}, io.Discard, io.Discard); got != tt.want {
				t.Fatalf("exit %d, want %d", got, tt.want)
			}
		})
	}
}
