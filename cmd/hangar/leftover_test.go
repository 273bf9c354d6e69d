package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run a real `hangar run` (built once) and kill it mid-run:
// nothing of the target may be left running, whatever happened.

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	buildDir  string
)

func hangarBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds hangar")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "hangar-leftover-*")
		if buildErr != nil {
			return
		}
		builtBin = filepath.Join(buildDir, "hangar")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

const leftoverProcess = `name: leftover-process
seed: 1
duration: 120s
target:
  server:
    launch: process
    command: [/bin/sh, -c, 'sleep 1000 & exec "$0" server --addr 127.0.0.1:{{port.http}} --admin-addr 127.0.0.1:{{port.admin}} --data {{data_dir}} --llm-base-url {{llm_base_url}}', BIN]
    ports: [http, admin]
    url: "http://127.0.0.1:{{port.http}}"
    admin_url: "http://127.0.0.1:{{port.admin}}"
    ready: {url: "http://127.0.0.1:{{port.http}}/health"}
load:
  uploads: {count: 2000, size: 1KiB, interval: 50ms}
expect:
  uploads: {status: [201]}
`

const leftoverSubprocess = `name: leftover-subprocess
seed: 1
duration: 120s
load:
  uploads: {count: 2000, size: 1KiB, interval: 50ms}
expect:
  uploads: {status: [201]}
`

// startRun starts `hangar run` of src and waits until its target is
// serving uploads (server.log written, the target group has want live
// members); it returns the harness and the target's process group.
func startRun(t *testing.T, src string, want int) (*exec.Cmd, int) {
	t.Helper()
	bin := hangarBinary(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(src, "BIN", bin)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", file, "--out", filepath.Join(dir, "out"), "--quiet")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if pg := childGroup(cmd.Process.Pid); pg > 0 && len(groupMembers(pg)) == want && logged(filepath.Join(dir, "out", "server.log")) {
			return cmd, pg
		}
		time.Sleep(20 * time.Millisecond) // polling /proc: there is nothing to wait on
	}
	t.Fatalf("target never came up; harness output:\n%s", stderr.String())
	return nil, 0
}

func logged(path string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(b), "listening")
}

// stat returns the ppid, pgrp and state of pid, ok false when it is gone.
func stat(pid int) (ppid, pgrp int, state byte, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 3 {
		return 0, 0, 0, false
	}
	ppid, _ = strconv.Atoi(f[1])
	pgrp, _ = strconv.Atoi(f[2])
	return ppid, pgrp, f[0][0], true
}

func pids() []int {
	ents, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range ents {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// childGroup is the process group of parent's child that leads its own
// group (the target), 0 when there is none yet.
func childGroup(parent int) int {
	for _, p := range pids() {
		if pp, pg, _, ok := stat(p); ok && pp == parent && pg == p {
			return pg
		}
	}
	return 0
}

// groupMembers lists the live (not zombie) members of pgrp.
func groupMembers(pgrp int) []int {
	var out []int
	for _, p := range pids() {
		if _, pg, st, ok := stat(p); ok && pg == pgrp && st != 'Z' && st != 'X' {
			out = append(out, p)
		}
	}
	return out
}

func awaitGone(t *testing.T, pgrp int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if len(groupMembers(pgrp)) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("target group %d outlived the harness: %v", pgrp, groupMembers(pgrp))
}

// TestSIGTERMLeavesNothing: the harness's SIGTERM path (signal.NotifyContext
// → teardown) closes a process target, grandchild included.
func TestSIGTERMLeavesNothing(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	cmd, pg := startRun(t, leftoverProcess, 2)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("harness did not exit after SIGTERM")
	}
	awaitGone(t, pg)
}

// TestSIGKILLLeavesNothing: SIGKILL of the harness runs no teardown; the
// parent-death signal kills its `hangar server` child.
func TestSIGKILLLeavesNothing(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	cmd, pg := startRun(t, leftoverSubprocess, 1)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	awaitGone(t, pg)
}

// TestRemoveBuiltHangar removes the binary the tests above built (it runs
// after them: tests run in file order).
func TestRemoveBuiltHangar(t *testing.T) {
	t.Cleanup(func() {
		if buildDir != "" {
			os.RemoveAll(buildDir)
		}
	})
}
