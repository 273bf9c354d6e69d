package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/matrix"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// verdicts is a matrix.Runner: a listed cell has its verdict on every
// attempt, any other passes.
type verdicts map[string]report.Verdict

const (
	fail   = report.VerdictFail
	unsure = report.VerdictInconclusive
)

func (v verdicts) Cell(_ context.Context, _ matrix.Config, s *scenario.Scenario, defect, dir string) matrix.Cell {
	c := matrix.Cell{Scenario: s.Name, Defect: defect, Dir: dir, Verdict: report.VerdictPass, Elapsed: time.Millisecond}
	switch v[s.Name+"/"+defect] {
	case fail:
		c.Verdict, c.Failed = fail, []string{"progress.indexed_all_within (fail): 1 of 3 not indexed"}
	case unsure:
		c.Verdict, c.Failed = unsure, []string{"health.p99 (inconclusive): every window had the harness starved"}
	}
	return c
}

func (verdicts) Determinism(context.Context, matrix.Config, *scenario.Scenario) (*matrix.Determinism, error) {
	return &matrix.Determinism{Scenario: "s2", Seed: 2, Same: true, Summary: "s2 seed 2 twice: the same faults"}, nil
}

// writeShards runs a 3-scenario, 2-defect matrix whole into dir/whole and
// as n shards into dir/shard-K, and returns what the whole run prints.
func writeShards(t *testing.T, dir string, n int, v verdicts, escapes bool) string {
	t.Helper()
	cfg := matrix.Config{Defects: []string{"x", "y"}, Determinism: "s2", Runner: v, OutDir: "out/chaos"}
	for _, s := range []string{"s1", "s2", "s3"} {
		cfg.Scenarios = append(cfg.Scenarios, &scenario.Scenario{Name: s})
	}
	run := func(sh matrix.Shard, out string) *matrix.Matrix {
		cfg.Shard = sh
		m, err := matrix.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		m.EscapesAllowed = escapes
		if err := matrix.WriteFiles(filepath.Join(dir, out), m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for k := 1; k <= n; k++ {
		run(matrix.Shard{K: k, N: n}, fmt.Sprintf("shard-%d", k))
	}
	var b bytes.Buffer
	if err := matrix.Print(&b, run(matrix.Shard{}, "whole")); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var wallTime = regexp.MustCompile(`(Wall time|Runs at once): .*`)

// TestMatrixMerge: `hangar matrix merge` prints and writes what the
// unsharded run does, and exits as `hangar chaos` would.
func TestMatrixMerge(t *testing.T) {
	tests := []struct {
		name     string
		give     verdicts
		escapes  bool
		wantCode int
		wantErr  string
	}{
		{name: "all caught", give: verdicts{"s1/x": fail, "s3/y": fail}, wantCode: exitOK},
		{name: "escape", give: verdicts{"s1/x": fail}, wantCode: exitFailed},
		{name: "escape allowed", give: verdicts{"s1/x": fail}, escapes: true, wantCode: exitOK},
		{name: "correct server failed", give: verdicts{"s1/x": fail, "s3/y": fail, "s2/correct": fail}, wantCode: exitFailed},
		{name: "inconclusive defect cell, defect caught elsewhere", give: verdicts{"s1/x": fail, "s3/y": fail, "s2/x": unsure}, wantCode: exitOK},
		{name: "inconclusive defect cell, defect not caught", give: verdicts{"s3/y": fail, "s2/x": unsure}, wantCode: exitFailed,
			wantErr: "defect x escaped every scenario that could be judged (inconclusive on s2)"},
		{name: "inconclusive correct-server cell", give: verdicts{"s1/x": fail, "s3/y": fail, "s2/correct": unsure}, wantCode: exitFailed,
			wantErr: "inconclusive s2/correct: the machine was too loaded to judge them"},
		{name: "inconclusive with escapes allowed", give: verdicts{"s1/x": fail, "s2/correct": unsure}, escapes: true, wantCode: exitFailed,
			wantErr: "inconclusive s2/correct: the machine was too loaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			want := writeShards(t, dir, 3, tt.give, tt.escapes)
			out := filepath.Join(dir, "merged")
			var stdout, stderr bytes.Buffer
			args := []string{"matrix", "merge", filepath.Join(dir, "shard-3"), filepath.Join(dir, "shard-1"), "--out", out, filepath.Join(dir, "shard-2")}
			if code := run(context.Background(), args, &stdout, &stderr); code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("exit %d, want %d with %q; stderr:\n%s", code, tt.wantCode, tt.wantErr, stderr.String())
			}
			got := wallTime.ReplaceAllString(stdout.String(), "")
			if got != wallTime.ReplaceAllString(want, "") {
				t.Fatalf("merged output:\n%s\nunsharded:\n%s", got, want)
			}
			md, err := os.ReadFile(filepath.Join(out, matrix.MarkdownFile))
			if err != nil || !strings.HasPrefix(stdout.String(), string(md)) {
				t.Fatalf("%s is not what was printed (%v)", matrix.MarkdownFile, err)
			}
			js, err := os.ReadFile(filepath.Join(out, matrix.JSONFile))
			if err != nil || bytes.Contains(js, []byte(`"shard"`)) {
				t.Fatalf("merged %s carries a shard record (%v)", matrix.JSONFile, err)
			}
		})
	}
}

// TestMatrixUsage: bad verbs, shards and --shard values exit 2 with a
// message saying what.
func TestMatrixUsage(t *testing.T) {
	dir := t.TempDir()
	writeShards(t, dir, 3, verdicts{"s1/x": fail, "s3/y": fail}, false)
	tests := []struct {
		name     string
		give     []string
		wantCode int
		wantErr  string
	}{
		{name: "no verb", give: []string{"matrix"}, wantCode: exitUsage, wantErr: "hangar matrix: no verb"},
		{name: "help", give: []string{"matrix", "--help"}, wantCode: exitOK, wantErr: "merge   join the shards'"},
		{name: "unknown verb", give: []string{"matrix", "split"}, wantCode: exitUsage, wantErr: `hangar matrix: unknown verb "split"`},
		{name: "merge help", give: []string{"matrix", "merge", "--help"}, wantCode: exitOK, wantErr: "usage: hangar matrix merge [--out DIR] DIR|FILE..."},
		{name: "merge nothing", give: []string{"matrix", "merge"}, wantCode: exitUsage, wantErr: "hangar matrix: merge: no shard given"},
		{name: "missing shard", give: []string{"matrix", "merge", "--out", filepath.Join(dir, "m"), filepath.Join(dir, "shard-1"), filepath.Join(dir, "shard-3")},
			wantCode: exitUsage, wantErr: "hangar matrix: merge: missing shard 2/3 (have 2 of 3)"},
		{name: "bad shard K", give: []string{"chaos", "--shard", "4/3"}, wantCode: exitUsage, wantErr: `hangar chaos: --shard "4/3": K must be in 1..3`},
		{name: "bad shard N", give: []string{"chaos", "--shard", "1/0"}, wantCode: exitUsage, wantErr: `hangar chaos: --shard "1/0": N must be at least 1`},
		{name: "bad shard form", give: []string{"chaos-containers", "--shard", "two"}, wantCode: exitUsage,
			wantErr: `hangar chaos-containers: --shard "two": want K/N, such as 2/3`},
		{name: "determinism not picked", give: []string{"chaos", "--scenarios", "rate-limit-storm"}, wantCode: exitUsage,
			wantErr: `--determinism: scenario "seed-316" is not among --scenarios (add it, or --determinism '' to skip)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.give, &stdout, &stderr); code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("stderr %q does not contain %q", stderr.String(), tt.wantErr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "m")); err == nil {
		t.Fatal("a refused merge wrote its output directory")
	}
}
