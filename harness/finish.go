package harness

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/diagnose"
	"github.com/hangarhq/hangar/harness/profile"
	"github.com/hangarhq/hangar/harness/report"
)

// JournalFile is the fake LLM's request journal in the run directory.
const JournalFile = "fakellm-journal.json"

// finish fills the report from the record, evaluates the assertions and
// diagnoses a failure from ev (nil: no evidence was captured).
func (r *run) finish(rep *report.Report, ph phases, evs []*diagnose.Evidence) {
	r.rec.fill(rep)
	r.applyListed(rep)
	rep.Target.API, rep.Target.DoneCount = apiName(r.api), r.count
	as, skipped := assert.Evaluate(r.input(rep, ph))
	for _, s := range skipped {
		rep.Events = append(rep.Events, report.Event{At: rep.Elapsed(), Kind: report.EventNote,
			Name: s.Name + " not evaluated", Detail: s.Why, Step: -1})
	}
	for i := range as {
		as[i].ExpectedFailure = slices.Contains(r.s.ExpectFailures, as[i].Name)
	}
	rep.Assertions = append(rep.Assertions, as...)
	if ph.leak != nil && ph.leak.Leaked {
		for _, d := range ph.leak.Dumps {
			rep.Leaks = append(rep.Leaks, report.LeakDump{Target: "server", Kind: d.Kind, Summary: d.Summary, Stacks: d.Stacks})
		}
	}
	rep.Verdict = rep.Outcome()
	AttachDiagnosis(rep, evs...)
	r.exportVerdicts(rep)
	r.writeJournal()
}

// input is the registry's view of rep (filled from the record) and of
// what drive learned.
func (r *run) input(rep *report.Report, ph phases) *assert.Input {
	src, perr := "", r.listErr
	if r.tracker != nil {
		var terr string
		src, terr = r.tracker.source()
		perr = strings.Trim(perr+"; "+terr, "; ")
	}
	_, last := r.rec.counts()
	return &assert.Input{R: rep, Expect: r.s.Expect, Planned: r.s.Load.Uploads.Count, LastAnswered: last,
		Series: r.rec.seriesCopy(), ProgressSource: src, ProgressErr: perr, Leak: ph.leak, LeakErr: ph.leakErr,
		LeakSkipped: ph.leakSkipped, LLMCalls: len(r.journal), Tripped: r.live.trippedOn(), Now: rep.Elapsed()}
}

// applyListed copies each accepted document's final state from the
// profile's list or document source; a document done is dated by the
// list's updated_at, else by when a poll first saw it done, else by the
// final read.
func (r *run) applyListed(rep *report.Report) {
	for i, u := range rep.Uploads {
		d, ok := r.final[u.DocID]
		if u.DocID == "" || !u.Accepted || !ok {
			continue
		}
		up := &rep.Uploads[i]
		up.DocStatus, up.DocPhase = d.Value, d.Phase.String()
		if d.Phase != profile.Done {
			continue
		}
		switch at := r.tracker.firstDone(u.DocID); {
		case !d.UpdatedAt.IsZero():
			up.IndexedAt = report.Duration(d.UpdatedAt.Sub(rep.Start))
		case !at.IsZero():
			up.IndexedAt = report.Duration(at.Sub(rep.Start))
		}
	}
}

// apiName names a profile in the report: its name, else its file.
func apiName(p *profile.Profile) string {
	if p.Name != "" {
		return p.Name
	}
	return p.File
}

func (r *run) exportVerdicts(rep *report.Report) {
	if r.o.Metrics == nil {
		return
	}
	for _, a := range rep.Assertions {
		v := -1.0
		switch a.Verdict {
		case report.VerdictPass:
			v = 1
		case report.VerdictFail:
			v = 0
		case report.VerdictInconclusive:
			v = -2
		}
		r.o.Metrics.Verdict(a.Name, v)
	}
}

// writeJournal saves the fake LLM journal (the determinism check reads it).
func (r *run) writeJournal() {
	if r.journal == nil {
		return
	}
	b, err := json.MarshalIndent(r.journal, "", "  ")
	if err == nil {
		err = os.WriteFile(filepath.Join(r.o.OutDir, JournalFile), b, 0o644)
	}
	if err != nil {
		r.log.Warn(fmt.Sprintf("write journal: %v", err))
	}
}
