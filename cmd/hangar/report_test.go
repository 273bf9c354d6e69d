package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

func sampleReport() *report.Report {
	start := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	return &report.Report{
		Scenario: report.ScenarioInfo{Name: "seed-316", Duration: report.Duration(50 * time.Second)},
		Seed:     316, Target: report.TargetInfo{Launch: "inprocess"},
		Start: start, End: start.Add(20 * time.Second), Verdict: report.VerdictFail,
		Uploads: []report.Upload{{Index: 0, Start: report.Duration(time.Second), Latency: report.Duration(30 * time.Second), Error: "timeout"}},
		Assertions: []report.Assertion{{Name: report.AssertUploadsAnsweredWithin, Measured: "1 of 1 unanswered",
			Threshold: "0 unanswered", Verdict: report.VerdictFail, Detail: "upload 0 not answered within 20s"}},
	}
}

func TestReportRerenders(t *testing.T) {
	dir := t.TempDir()
	if err := report.WriteDir(dir, sampleReport()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{report.HTMLFile, report.JUnitFile, report.SummaryFile} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	for _, want := range []string{"seed-316: FAIL", "uploads.answered_within", "upload 0 not answered within 20s", "wrote "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout %q lacks %q", stdout.String(), want)
		}
	}
	for _, f := range []string{report.HTMLFile, report.JUnitFile, report.SummaryFile} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not re-rendered: %v", f, err)
		}
	}
}

func TestReportErrors(t *testing.T) {
	corrupt := t.TempDir()
	writeFile(t, filepath.Join(corrupt, report.JSONFile), "{\"format_version\": 1,\n  \"scenario\": {\"name\": \"x\"\n")
	notReport := t.TempDir()
	writeFile(t, filepath.Join(notReport, report.JSONFile), "[1, 2]")
	empty := t.TempDir()
	tests := []struct {
		name string
		give []string
		want string
	}{
		{name: "no dir", give: nil, want: "want exactly one run directory"},
		{name: "two dirs", give: []string{empty, empty}, want: "want exactly one run directory"},
		{name: "missing json", give: []string{empty}, want: "report.json: no such file or directory"},
		{name: "corrupt json", give: []string{corrupt}, want: "report.json: read report: truncated JSON"},
		{name: "not a report", give: []string{notReport}, want: "report.json: read report: want a JSON object, got array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), append([]string{"report"}, tt.give...), &bytes.Buffer{}, &stderr)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("stderr %q lacks %q", stderr.String(), tt.want)
			}
		})
	}
}
