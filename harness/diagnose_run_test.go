package harness

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/report"
)

func TestAttachDiagnosis(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler()) // a target without pprof
	defer srv.Close()
	start := time.Now().Add(-20 * time.Second)
	journal := func(context.Context) ([]fakellm.JournalEntry, error) {
		return []fakellm.JournalEntry{{Seq: 1, Time: start.Add(time.Second), Endpoint: "chat", Action: "hang", Ending: fakellm.EndInFlight}}, nil
	}
	ev := CaptureDiagnosis(context.Background(), DiagnosisInput{AdminURL: srv.URL, Journal: journal,
		Open: map[int]time.Time{4: start.Add(time.Second)}, Start: start, Gap: time.Millisecond})
	pass := &report.Report{Assertions: []report.Assertion{{Verdict: report.VerdictPass}}}
	AttachDiagnosis(pass, ev)
	if pass.Diagnosis != nil {
		t.Fatal("a passing run got a diagnosis")
	}
	// Nothing failed in an inconclusive run: the evidence shows a starved
	// harness, and no failure class is named from it.
	unsure := &report.Report{Assertions: []report.Assertion{{Verdict: report.VerdictPass}, {Verdict: report.VerdictInconclusive}}}
	AttachDiagnosis(unsure, ev)
	if unsure.Diagnosis != nil {
		t.Fatalf("an inconclusive run got a diagnosis: %+v", unsure.Diagnosis)
	}
	fail := &report.Report{Assertions: []report.Assertion{{Verdict: report.VerdictFail}}}
	AttachDiagnosis(fail, ev)
	top, ok := fail.Diagnosis.Top()
	if !ok || top.Class != "unbounded-request-latency" || len(fail.Diagnosis.Missing) == 0 {
		t.Fatalf("diagnosis %+v", fail.Diagnosis)
	}
}
