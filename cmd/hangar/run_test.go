package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/harness/report"
)

func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: x\nbogus: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A valid scenario whose server flag has a typo: bad input, not a
	// server that fails to start.
	badArgs := filepath.Join(dir, "bad-args.yaml")
	src, err := os.ReadFile("../../scenarios/llm-close-mid-body.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), "--request-budget", "--request-budgte", 1))
	if err := os.WriteFile(badArgs, src, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		give     []string
		wantCode int
		wantErr  string
	}{
		{"no scenario", []string{"run"}, exitUsage, "want one scenario file or name, got 0"},
		{"two scenarios", []string{"run", "a", "b"}, exitUsage, "got 2 arguments"},
		{"unknown name", []string{"run", "no-such-scenario"}, exitUsage, "no-such-scenario"},
		{"bad file", []string{"run", bad}, exitUsage, "bogus"},
		{"bad defect", []string{"run", "seed-316", "--defects", "no-such-defect"}, exitUsage, "no-such-defect"},
		{"flags after name", []string{"run", "seed-316", "--metrics-addr", "0.0.0.0:1", "--out", dir}, exitUsage, "must be a loopback address"},
		{"remote target", []string{"run", "seed-316", "--target-url", "http://10.0.0.5:8000", "--out", dir}, exitUsage, "--target-url: url \"http://10.0.0.5:8000\": must point at a loopback address"},
		{"remote llm", []string{"run", "seed-316", "--llm-url", "http://example.com", "--out", dir}, exitUsage, "--llm-url"},
		{"llm addr all interfaces", []string{"run", "seed-316", "--llm-addr", "0.0.0.0:8585", "--out", dir}, exitUsage, "--llm-addr"},
		{"server flag typo", []string{"run", badArgs, "--out", dir}, exitUsage, "hangar server rejects this flag list"},
		{"chaos bad scenario", []string{"chaos", "--scenarios", "nope"}, exitUsage, `no scenario "nope"`},
		{"chaos bad defect", []string{"chaos", "--defects", "nope"}, exitUsage, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), tt.give, &stdout, &stderr)
			if got != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("exit %d (want %d); stderr %q does not contain %q", got, tt.wantCode, stderr.String(), tt.wantErr)
			}
		})
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := newFlagSet("run", "", &bytes.Buffer{})
	f := bindRunFlags(fs)
	pos, err := parseInterspersed(fs, []string{"--seed", "7", "seed-316", "--out", "d", "--quiet"})
	if err != nil || len(pos) != 1 || pos[0] != "seed-316" || f.seed != 7 || f.out != "d" || !f.quiet {
		t.Fatalf("pos %v err %v flags %+v", pos, err, f)
	}
}

func TestCheckTargetsAllowRemote(t *testing.T) {
	tests := []struct {
		name    string
		give    runFlags
		wantErr string
	}{
		{"remote target refused", runFlags{targetURL: "http://10.0.0.5:8000"}, "--target-url: url \"http://10.0.0.5:8000\": must point at a loopback address (127.0.0.1, ::1 or localhost): hangar only targets this machine (--allow-remote accepts it)"},
		{"remote target allowed", runFlags{targetURL: "http://10.0.0.5:8000", allowRemote: true}, ""},
		{"llm listener allowed", runFlags{llmAddr: "0.0.0.0:8585", allowRemote: true}, ""},
		{"llm control url stays loopback", runFlags{llmURL: "http://10.0.0.5:8585", allowRemote: true}, "--llm-url"},
		{"malformed still refused", runFlags{targetURL: "ftp://x", allowRemote: true}, "invalid url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkTargets(&tt.give)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// TestRunResult: `hangar run` maps the run's verdict to its exit code; an
// inconclusive run has its own (4), and a failure elsewhere in it still
// makes it fail.
func TestRunResult(t *testing.T) {
	as := func(vs ...report.Verdict) []report.Assertion {
		var out []report.Assertion
		for i, v := range vs {
			out = append(out, report.Assertion{Name: []string{report.AssertHealthP99, report.AssertHealthMax}[i], Verdict: v, Detail: string(v) + " detail"})
		}
		return out
	}
	tests := []struct {
		name     string
		give     *report.Report
		err      error
		wantCode int
		wantErr  string
	}{
		{"pass", &report.Report{Assertions: as(report.VerdictPass)}, nil, exitOK, ""},
		{"fail", &report.Report{Assertions: as(report.VerdictFail)}, nil, exitFailed, "health.p99 fail: fail detail"},
		{"inconclusive", &report.Report{Assertions: as(report.VerdictInconclusive, report.VerdictPass)}, nil, exitInconclusive,
			"inconclusive, the machine was too loaded to judge: health.p99 inconclusive: inconclusive detail"},
		{"a failure beats inconclusive", &report.Report{Assertions: as(report.VerdictInconclusive, report.VerdictFail)}, nil, exitFailed,
			"health.max fail"},
		{"not evaluated", &report.Report{Assertions: as(report.VerdictError)}, nil, exitHarness, "could not be evaluated"},
		{"harness error", &report.Report{Error: "boom", Assertions: as(report.VerdictInconclusive)}, errors.New("boom"), exitHarness, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout bytes.Buffer
			err := runResult(tt.give, tt.err, t.TempDir(), &stdout)
			if got := codeOf(err); got != tt.wantCode || (err != nil) != (tt.wantErr != "") ||
				err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("exit %d (%v), want %d with %q", got, err, tt.wantCode, tt.wantErr)
			}
			if want := strings.ToUpper(string(tt.give.Outcome())); !strings.Contains(stdout.String(), ": "+want+" (") {
				t.Errorf("summary does not say %s:\n%s", want, stdout.String())
			}
		})
	}
}

// TestRunHelpExitCodes: `hangar run --help` and `hangar --help` name the
// inconclusive exit code.
func TestRunHelpExitCodes(t *testing.T) {
	for _, args := range [][]string{{"run", "--help"}, {"--help"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != exitOK || !strings.Contains(stderr.String(), "4 inconclusive") {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, stderr.String())
		}
	}
}
