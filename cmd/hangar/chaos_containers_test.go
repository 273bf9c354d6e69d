package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/containers"
)

// TestChaosContainersEngineGate: without an engine the container scenarios
// are skipped with the reason on stdout (exit 0); with
// HANGAR_REQUIRE_DOCKER=1 that is a failure (exit 1). The engine is faked
// through pingEngine: testcontainers falls back to the default socket
// whatever DOCKER_HOST says.
func TestChaosContainersEngineGate(t *testing.T) {
	noEngine := errors.New("docker engine: dial unix /var/run/docker.sock: connect: no such file or directory")
	tests := []struct {
		name     string
		give     error
		required string
		wantCode int // -1: the gate lets the run go on
		wantOut  string
	}{
		{name: "no engine", give: noEngine, wantCode: exitOK,
			wantOut: "container scenarios SKIPPED: no container engine answered (docker engine: dial unix"},
		{name: "no engine, required", give: noEngine, required: "1", wantCode: exitFailed},
		{name: "engine", give: nil, wantCode: -1},
		{name: "engine, required", give: nil, required: "1", wantCode: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(containers.RequireEnv, tt.required)
			old := pingEngine
			pingEngine = func(context.Context) error { return tt.give }
			defer func() { pingEngine = old }()
			var out bytes.Buffer
			skip, err := engineGate(context.Background(), &out)
			code := -1
			if skip {
				code = codeOf(err)
			}
			if code != tt.wantCode {
				t.Fatalf("gate: skip %v err %v (code %d), want code %d", skip, err, code, tt.wantCode)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("stdout %q, want it to contain %q", out.String(), tt.wantOut)
			}
			if tt.wantCode == exitFailed && !strings.Contains(err.Error(), "HANGAR_REQUIRE_DOCKER=1 but no container engine answered") {
				t.Errorf("error %q does not say the engine was required", err)
			}
		})
	}
}

// TestChaosContainersBadFlags: flags are checked before the engine is asked.
func TestChaosContainersBadFlags(t *testing.T) {
	var out, errw bytes.Buffer
	err := runChaosContainers(context.Background(), []string{"--parallel", "x"}, &out, &errw)
	if got := codeOf(err); got != exitUsage {
		t.Fatalf("exit %d (%v), want %d", got, err, exitUsage)
	}
}

// codeOf maps err to the exit code run would give it.
func codeOf(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	}
	return exitHarness
}
