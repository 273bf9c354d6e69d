package harness

import (
	"context"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/diagnose"
	"github.com/hangarhq/hangar/harness/report"
)

// DiagnosisInput is the run data evidence capture needs. It carries no
// defect list and no scenario: the diagnosis must not see them.
type DiagnosisInput struct {
	// AdminURL is the target's admin base URL (pprof), "" when none.
	AdminURL string
	// Journal reads the fake LLM's journal (llmctl.Controller.Journal).
	Journal func(context.Context) ([]fakellm.JournalEntry, error)
	// Open maps the 1-based ordinal of each upload in flight to when it
	// was sent.
	Open map[int]time.Time
	// Start is the run's start; OutDir receives the raw dumps.
	Start  time.Time
	OutDir string
	// Gap is the time between the two dumps (diagnose.DefaultGap when 0).
	Gap time.Duration
}

// CaptureDiagnosis captures the evidence while the target still runs:
// call it before teardown. What could not be captured is in the
// evidence's Missing list; it never fails the run.
func CaptureDiagnosis(ctx context.Context, in DiagnosisInput) *diagnose.Evidence {
	t := diagnose.Target{PprofURL: in.AdminURL, Journal: in.Journal, Start: in.Start, Dir: in.OutDir, Gap: in.Gap}
	for n, at := range in.Open {
		t.Open = append(t.Open, diagnose.OpenUpload{Index: n - 1, Start: at})
	}
	ev, err := diagnose.Capture(ctx, t)
	if err != nil {
		ev.Missing = append(ev.Missing, "raw dumps not kept: "+err.Error())
	}
	return ev
}

// AttachDiagnosis diagnoses a finished report from ev: call it after the
// assertions are evaluated. A passing report (or nil evidence) gets none.
func AttachDiagnosis(rep *report.Report, ev *diagnose.Evidence) {
	if ev == nil || rep.Outcome() == report.VerdictPass {
		return
	}
	ev.AddReport(rep)
	rep.Diagnosis = diagnose.Diagnose(ev)
}

// captureDiagnosis is CaptureDiagnosis with this run's target, fake LLM,
// start and output directory; open are the uploads in flight.
func (r *run) captureDiagnosis(ctx context.Context, open map[int]time.Time) *diagnose.Evidence {
	in := DiagnosisInput{Open: open, Start: r.rec.start, OutDir: r.o.OutDir}
	if r.target != nil {
		in.AdminURL = r.target.AdminURL()
	}
	if r.llm != nil {
		in.Journal = r.llm.Journal
	}
	return CaptureDiagnosis(ctx, in)
}
