package assert

import (
	"fmt"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// IndexedAllWithin: every accepted upload ends done (everos: indexed), the last of
// them within bound after the last upload was answered. Indexing times are
// as observed by the progress poll, so they are late by up to one poll.
func IndexedAllWithin(in Input, bound time.Duration) report.Assertion {
	a := report.Assertion{Name: report.AssertIndexedAllWithin,
		Description: "every accepted document done (indexed) within the bound after the last upload was answered",
		Threshold:   le(bound), Limit: bound.Seconds()}
	var accepted, missing []report.Upload
	var last report.Duration
	for _, u := range in.R.Uploads {
		if !u.Accepted {
			continue
		}
		accepted = append(accepted, u)
		if u.DocPhase != report.PhaseDone {
			missing = append(missing, u)
		} else if u.IndexedAt > last {
			last = u.IndexedAt
		}
	}
	took := max(last-in.LastAnswered, 0)
	a.Measured, a.Value = fmtDur(took.D()), took.Seconds()
	a.WindowStart, a.WindowEnd = in.LastAnswered, in.LastAnswered+report.Duration(bound)
	switch {
	case len(accepted) == 0:
		a.Verdict, a.Measured = report.VerdictPass, "nothing accepted"
		a.Detail = "no upload was accepted, so there was nothing to index"
	case len(missing) > 0:
		a.Verdict = report.VerdictFail
		a.Measured = fmt.Sprintf("%d of %d not indexed", len(missing), len(accepted))
		a.Detail = fmt.Sprintf("%d of %d accepted documents not indexed by %s: %s%s", len(missing), len(accepted),
			at(in.R.Elapsed()), docList(missing), progressNote(in))
	default:
		a.Verdict = verdict(took.D() <= bound)
		a.Detail = fmt.Sprintf("%d accepted documents, the last indexed %s after the last upload was answered (%s)",
			len(accepted), fmtDur(took.D()), in.ProgressSource)
	}
	return a
}

func docList(us []report.Upload) string {
	var parts []string
	for _, u := range us {
		st := u.DocStatus
		if st == "" {
			st = "not listed"
		}
		parts = append(parts, fmt.Sprintf("upload %d %s (%s)", u.Index+1, u.DocID, st))
	}
	return firstN(parts, 4)
}

func progressNote(in Input) string {
	if in.ProgressErr == "" {
		return ""
	}
	return "; progress reading: " + in.ProgressErr
}

// ForwardWithin: while documents are outstanding, the indexed count
// advances at least once every bound.
func ForwardWithin(in Input, bound time.Duration) report.Assertion {
	a := report.Assertion{Name: report.AssertForwardWithin,
		Description: "while documents are queued, indexing advances at least once per interval",
		Threshold:   le(bound), Limit: bound.Seconds()}
	if len(in.Series) == 0 {
		a.Verdict, a.Measured, a.Detail = report.VerdictError, "no data", "no progress reading"+progressNote(in)
		return a
	}
	stall, from, to := longestStall(in.Series)
	a.Measured, a.Value = fmtDur(stall.D()), stall.Seconds()
	a.Verdict = verdict(stall.D() <= bound)
	a.WindowStart, a.WindowEnd = from, to
	a.Detail = fmt.Sprintf("longest stall with work queued: %s (%s-%s, %s)", fmtDur(stall.D()), at(from), at(to), afterUpload(in.R, from))
	return a
}

// longestStall finds the longest span with work outstanding and no change
// in the indexed count.
func longestStall(ps []Point) (stall, from, to report.Duration) {
	var since report.Duration = -1
	prev := -1
	for _, p := range ps {
		switch {
		case p.Outstanding == 0:
			since = -1
		case since < 0 || p.Indexed != prev:
			since = p.At
		}
		if since >= 0 && p.At-since > stall {
			stall, from, to = p.At-since, since, p.At
		}
		prev = p.Indexed
	}
	return stall, from, to
}

func init() {
	Register(Def{Name: report.AssertIndexedAllWithin, Order: 30, Example: "progress: {indexed_all_within: 20s}",
		Doc: "Every document the target accepted (everos: answered 201) ends done (everos: `indexed`), the last " +
			"within the bound after the last upload was answered. Progress and final states come from the target's " +
			"API profile `state` sources (everos: the `hangar_cascade_queue_depth` metric when the server has it, " +
			"else the list endpoint; final statuses from `GET /api/v1/knowledge/documents`).",
		Param: time.Duration(0),
		Check: func(c *Checker, p any) { c.Positive(p.(time.Duration)) },
		Eval:  func(in *Input, p any) report.Assertion { return IndexedAllWithin(*in, p.(time.Duration)) },
		Final: func(in *Input, p any) bool {
			return in.allEnded() && (drained(in) || in.Now > in.LastAnswered+report.Duration(p.(time.Duration)))
		},
		FinalWhen:   "every planned upload has ended and nothing is queued any more, or the bound after the last answer has passed",
		FinishedRun: true, Diagnose: true,
	})
	Register(Def{Name: report.AssertForwardWithin, Order: 31, Example: "progress: {forward_within: 10s}",
		Doc:   "While documents are queued, the indexed count moves at least once per interval.",
		Param: time.Duration(0),
		Check: func(c *Checker, p any) { c.Positive(p.(time.Duration)) },
		Eval:  func(in *Input, p any) report.Assertion { return ForwardWithin(*in, p.(time.Duration)) },
		Live:  forwardLive,
		Final: func(in *Input, p any) bool {
			failed, _ := forwardLive(in, p)
			return failed || in.allEnded() && drained(in)
		},
		FinalWhen:   "a stall longer than the bound was seen, or every planned upload has ended and nothing is queued any more",
		FinishedRun: true, Diagnose: true, Failing: stalledNow,
	})
}

// stalledNow: the indexed count has not moved for longer than the bound up
// to the latest reading, with work still queued.
func stalledNow(in *Input, p any) bool {
	if len(in.Series) == 0 || in.Series[len(in.Series)-1].Outstanding == 0 {
		return false
	}
	stall, _, to := longestStall(in.Series)
	return to == in.Series[len(in.Series)-1].At && stall.D() > p.(time.Duration)
}

// forwardLive: a stall longer than the bound was already seen.
func forwardLive(in *Input, p any) (bool, string) {
	stall, from, to := longestStall(in.Series)
	if stall.D() <= p.(time.Duration) {
		return false, ""
	}
	return true, fmt.Sprintf("no indexing progress with work queued for %s (%s-%s)", fmtDur(stall.D()), at(from), at(to))
}

// drained: a progress reading after the last answer shows nothing queued.
// Strictly after: a reading at the same instant (virtual time repeats
// instants) may predate that answer's document.
func drained(in *Input) bool {
	if len(in.Series) == 0 {
		return false
	}
	p := in.Series[len(in.Series)-1]
	return p.At > in.LastAnswered && p.Outstanding == 0
}

// DrainBound is the progress.indexed_all_within bound, which the run's
// drain waits out at most, when stated.
func DrainBound(e Expect) (time.Duration, bool) {
	return ParamOf[time.Duration](e, report.AssertIndexedAllWithin)
}
