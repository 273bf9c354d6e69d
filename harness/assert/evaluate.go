package assert

import (
	"github.com/hangarhq/hangar/harness/report"
)

// Skipped is a stated entry that was not evaluated, and why.
type Skipped struct {
	Name, Why string
}

// Evaluate checks every stated entry, in the fixed order of Defs. Entries
// that cannot be judged in this run (FinishedRun after a fail-fast stop,
// or their own Skip) are returned as skipped instead.
func Evaluate(in *Input) (out []report.Assertion, skipped []Skipped) {
	for _, d := range Defs() {
		p, ok := in.Expect.Param(d.Name)
		if !ok {
			continue
		}
		if why := skipReason(in, d, p); why != "" {
			skipped = append(skipped, Skipped{Name: d.Name, Why: why})
			continue
		}
		out = append(out, d.Eval(in, p))
	}
	return out, skipped
}

func skipReason(in *Input, d Def, p any) string {
	if in.Tripped != "" && d.FinishedRun && in.Tripped != d.Name { // what tripped is judged on what it saw
		return "run stopped early (fail-fast on " + in.Tripped + ")"
	}
	if d.Skip != nil {
		return d.Skip(in, p)
	}
	return ""
}

// CanTrip reports whether a stated entry has a Live check.
func CanTrip(e Expect) bool {
	for _, d := range Defs() {
		if e.Has(d.Name) && d.Live != nil {
			return true
		}
	}
	return false
}

// Trip returns the first stated entry, in evaluation order, whose Live
// check says it has certainly failed, with its detail.
func Trip(in *Input) (name, detail string, failed bool) {
	for _, d := range Defs() {
		p, ok := in.Expect.Param(d.Name)
		if !ok || d.Live == nil {
			continue
		}
		if failed, detail := d.Live(in, p); failed {
			return d.Name, detail, true
		}
	}
	return "", "", false
}

// AllFinal reports whether every stated entry's verdict can no longer
// change, so the run may end before its duration. First every stated
// entry that is not Probed must be final (at least one must be stated);
// then probing would end with the run, so the Probed entries are asked
// with ProbingOver set. An entry without Final keeps the run going to the
// end; so does an Expect with only Probed entries, or none.
func AllFinal(in *Input) bool {
	stated := false
	for _, d := range Defs() {
		p, ok := in.Expect.Param(d.Name)
		if !ok || d.Probed && d.Final != nil {
			continue
		}
		if d.Final == nil || !d.Final(in, p) {
			return false
		}
		stated = true
	}
	if !stated {
		return false
	}
	over := *in
	over.ProbingOver = true
	for _, d := range Defs() {
		if p, ok := in.Expect.Param(d.Name); ok && d.Probed && !d.Final(&over, p) {
			return false
		}
	}
	return true
}

// Diagnose returns the failed assertions whose entries ask for diagnosis.
func Diagnose(as []report.Assertion) []report.Assertion {
	var out []report.Assertion
	for _, a := range as {
		if d, ok := Lookup(a.Name); ok && d.Diagnose && a.Verdict == report.VerdictFail {
			out = append(out, a)
		}
	}
	return out
}

// WantsDiagnosis reports whether the run so far asks for evidence capture:
// the entry that tripped the run (in.Tripped) asks for diagnosis, or an
// entry that asks for it already fails on what is recorded in in. The run
// asks before teardown, while the target still runs; only the entries with
// Diagnose set are evaluated.
func WantsDiagnosis(in *Input) bool {
	if d, ok := Lookup(in.Tripped); ok && d.Diagnose {
		return true
	}
	for _, d := range Defs() {
		p, ok := in.Expect.Param(d.Name)
		if !ok || !d.Diagnose || skipReason(in, d, p) != "" {
			continue
		}
		if d.Eval(in, p).Verdict == report.VerdictFail {
			return true
		}
	}
	return false
}

// FailingNow returns the first stated entry that asks for diagnosis and is
// failing while the run drives (its Live check says it certainly failed,
// or its Failing check says the failure is in progress): the moment to
// capture evidence, whether or not the run fails fast. EarlyNow says when
// a failure may be coming, for an earlier capture.
func FailingNow(in *Input) (name string, failing bool) {
	for _, d := range Defs() {
		p, ok := in.Expect.Param(d.Name)
		if !ok || !d.Diagnose {
			continue
		}
		if d.Live != nil {
			if failed, _ := d.Live(in, p); failed {
				return d.Name, true
			}
		}
		if d.Failing != nil && d.Failing(in, p) {
			return d.Name, true
		}
	}
	return "", false
}

// EarlyNow returns the first stated entry that asks for diagnosis and
// whose Early check says a failure may be coming: the moment for an early
// capture (FailingNow's still follows if the failure does).
func EarlyNow(in *Input) (name string, early bool) {
	for _, d := range Defs() {
		p, ok := in.Expect.Param(d.Name)
		if !ok || !d.Diagnose || d.Early == nil {
			continue
		}
		if d.Early(in, p) {
			return d.Name, true
		}
	}
	return "", false
}
