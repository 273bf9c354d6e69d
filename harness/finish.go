package harness

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/report"
)

// JournalFile is the fake LLM's request journal in the run directory.
const JournalFile = "fakellm-journal.json"

// notAfterFailFast are assertions that need a finished run; after a
// fail-fast stop they are not evaluated (and say so in the timeline).
var notAfterFailFast = map[string]bool{
	report.AssertIndexedAllWithin: true, report.AssertForwardWithin: true,
	report.AssertRecoveryWithin: true, report.AssertLeaksGoroutines: true,
	report.AssertResourcesRSS: true, report.AssertResourcesHeap: true, report.AssertResourcesGoroutines: true,
}

// finish fills the report from the record and evaluates the assertions.
func (r *run) finish(rep *report.Report, ph phases) {
	r.rec.fill(rep)
	r.applyListed(rep)
	src, perr := "", r.listErr
	if r.tracker != nil {
		var terr string
		src, terr = r.tracker.source()
		perr = strings.Trim(perr+"; "+terr, "; ")
	}
	_, last := r.rec.counts()
	in := assert.Input{R: rep, Expect: r.s.Expect, Planned: r.s.Load.Uploads.Count, LastAnswered: last,
		Series: r.rec.seriesCopy(), ProgressSource: src, ProgressErr: perr, Leak: ph.leak, LeakErr: ph.leakErr,
		LLMCalls: len(r.journal)}
	for _, a := range assert.Evaluate(in) {
		if skip := r.skipReason(a.Name, ph); skip != "" {
			rep.Events = append(rep.Events, report.Event{At: rep.Elapsed(), Kind: report.EventNote,
				Name: a.Name + " not evaluated", Detail: skip, Step: -1})
			continue
		}
		rep.Assertions = append(rep.Assertions, a)
	}
	if ph.leak != nil && ph.leak.Leaked {
		for _, d := range ph.leak.Dumps {
			rep.Leaks = append(rep.Leaks, report.LeakDump{Target: "server", Kind: d.Kind, Summary: d.Summary, Stacks: d.Stacks})
		}
	}
	rep.Verdict = rep.Outcome()
	r.exportVerdicts(rep)
	r.writeJournal()
}

func (r *run) skipReason(name string, ph phases) string {
	t := r.live.trippedOn()
	if t != "" && notAfterFailFast[name] {
		return "run stopped early (fail-fast on " + t + ")"
	}
	if t != "" && name == report.AssertUploadsAnsweredWithin && t != name {
		return "uploads in flight were cancelled by the fail-fast stop on " + t
	}
	if name == report.AssertLeaksGoroutines && ph.leakSkipped != "" {
		return ph.leakSkipped
	}
	return ""
}

// applyListed copies each accepted document's final status from the list.
func (r *run) applyListed(rep *report.Report) {
	for i, u := range rep.Uploads {
		d, ok := r.listed[u.DocID]
		if u.DocID == "" || !ok {
			continue
		}
		rep.Uploads[i].DocStatus = d.Status
		if d.Status == "indexed" && !d.UpdatedAt.IsZero() {
			rep.Uploads[i].IndexedAt = report.Duration(d.UpdatedAt.Sub(rep.Start))
		}
	}
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
