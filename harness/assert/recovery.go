package assert

import (
	"fmt"
	"slices"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// RecoveryWithin: after the last fault clears, health probes succeed from
// then on and indexing moves (when work was queued) within bound.
func RecoveryWithin(in Input, bound time.Duration) report.Assertion {
	a := report.Assertion{Name: report.AssertRecoveryWithin,
		Description: "after the last fault clears, health and indexing recover within the bound",
		Threshold:   le(bound), Limit: bound.Seconds()}
	clear, ok := lastClear(in.R)
	if !ok {
		a.Verdict, a.Measured = report.VerdictFail, "fault never cleared"
		a.Detail = "a fault was still in force when the run ended"
		return a
	}
	if clear < 0 {
		a.Verdict, a.Measured, a.Detail = report.VerdictError, "no fault", "the run injected no fault to recover from"
		return a
	}
	h, hok := healthRecovered(in.R, clear)
	p, pok := progressRecovered(in.Series, clear)
	took := max(h, p)
	a.Measured, a.Value = fmtDur(took.D()), took.Seconds()
	a.WindowStart, a.WindowEnd = clear, clear+report.Duration(bound)
	switch {
	case !hok:
		a.Verdict, a.Measured = report.VerdictFail, "health never recovered"
		a.Detail = fmt.Sprintf("health probes kept failing after the last fault cleared at %s", at(clear))
	case !pok:
		a.Verdict, a.Measured = report.VerdictFail, "indexing never resumed"
		a.Detail = fmt.Sprintf("documents stayed queued with no progress after the last fault cleared at %s%s", at(clear), progressNote(in))
	default:
		a.Verdict = verdict(took.D() <= bound)
		a.Detail = fmt.Sprintf("last fault cleared at %s; health ok after %s, indexing moving after %s", at(clear), fmtDur(h.D()), fmtDur(p.D()))
	}
	return a
}

// lastClear is when the last fault ended: -1 with ok when there was no
// fault, ok false when one never ended.
func lastClear(r *report.Report) (report.Duration, bool) {
	clear := report.Duration(-1)
	for _, e := range r.Events {
		if !e.Fault {
			continue
		}
		if e.End == 0 {
			return 0, false
		}
		clear = max(clear, e.End)
	}
	return clear, true
}

// healthRecovered is how long after clear the probes turned ok for good.
func healthRecovered(r *report.Report, clear report.Duration) (report.Duration, bool) {
	okFrom := clear
	seen := false
	for _, p := range healthProbes(r) {
		if p.At+p.Latency < clear {
			continue
		}
		seen = true
		if !p.OK {
			okFrom = p.At + p.Latency
		}
	}
	last := healthProbes(r)
	if !seen || (len(last) > 0 && !last[len(last)-1].OK) {
		return 0, false
	}
	return okFrom - clear, true
}

// progressRecovered is how long after clear indexing moved again; zero
// when nothing was queued at clear.
func progressRecovered(ps []Point, clear report.Duration) (report.Duration, bool) {
	base := -1
	for _, p := range ps {
		if p.At < clear {
			continue
		}
		if base < 0 {
			if p.Outstanding == 0 {
				return 0, true
			}
			base = p.Indexed
			continue
		}
		if p.Indexed != base || p.Outstanding == 0 {
			return p.At - clear, true
		}
	}
	return 0, base < 0 // no reading after clear: nothing to say against it
}

func init() {
	Register(Def{Name: report.AssertRecoveryWithin, Order: 40, Example: "recovery: {within: 5s}",
		Doc: "After the last fault clears (plan emptied, server resumed or restarted), `/health` is ok for good " +
			"and indexing moves again (when work was queued) within the bound. The scenario must inject a fault.",
		Param: time.Duration(0),
		Check: func(c *Checker, p any) {
			if p.(time.Duration) <= 0 {
				c.Errorf("required and must be positive")
			}
			if !c.Faults {
				c.GroupErrorf("recovery needs a fault: add an llm plan or a timeline step")
			}
		},
		Eval:  func(in *Input, p any) report.Assertion { return RecoveryWithin(*in, p.(time.Duration)) },
		Final: recoveryFinal, Probed: true,
		FinalWhen: "every timeline step has fired and either it has certainly failed (a fault is still open, health turned ok " +
			"for good only after the bound, or indexing had not moved by the bound) or recovery was shown and probing is over " +
			"(every other stated entry is final): a later failed probe would mean health did not recover for good",
		FinishedRun: true, Diagnose: true,
	})
}

// recoveryFinal: with no step left to open or clear a fault, recovery has
// certainly failed, or it was shown and probing is over. A pass is never
// final while probing goes on: a later failed probe means health did not
// recover for good.
func recoveryFinal(in *Input, p any) bool {
	if in.StepsLeft > 0 {
		return false
	}
	clear, ok := lastClear(in.R)
	switch {
	case !ok:
		return true // a fault is open and no step is left to clear it
	case clear < 0:
		return false // no fault: an error whenever it is evaluated
	}
	bound := clear + report.Duration(p.(time.Duration))
	if healthOKFrom(in.R, clear) > bound || progressLate(in.Series, clear, bound) {
		return true
	}
	_, hok := healthRecovered(in.R, clear)
	_, pok := progressRecovered(in.Series, clear)
	read := slices.ContainsFunc(in.Series, func(pt Point) bool { return pt.At >= clear })
	return in.ProbingOver && hok && pok && read
}

// healthOKFrom is when the probes ending after clear were last seen
// failing (clear when none failed); later probes only move it later.
func healthOKFrom(r *report.Report, clear report.Duration) report.Duration {
	okFrom := clear
	for _, p := range healthProbes(r) {
		if p.At+p.Latency >= clear && !p.OK {
			okFrom = max(okFrom, p.At+p.Latency)
		}
	}
	return okFrom
}

// progressLate: work was queued at clear and indexing had not moved by
// bound, or first moved after it.
func progressLate(ps []Point, clear, bound report.Duration) bool {
	base := -1
	for _, p := range ps {
		if p.At < clear {
			continue
		}
		if base < 0 {
			if p.Outstanding == 0 {
				return false
			}
			base = p.Indexed
			continue
		}
		if p.Indexed != base || p.Outstanding == 0 {
			return p.At > bound
		}
		if p.At > bound {
			return true
		}
	}
	return false
}

// RecoveryBound is the recovery.within bound, which the run keeps probing
// for after the last fault cleared, when stated.
func RecoveryBound(e Expect) (time.Duration, bool) {
	return ParamOf[time.Duration](e, report.AssertRecoveryWithin)
}
