package report

import "strings"

// Outcome derives the run's verdict, the first that applies:
//
//   - VerdictError when the harness recorded an error, an assertion could
//     not be evaluated, or there are no assertions (the run proved
//     nothing);
//   - VerdictFail when an assertion failed (an expected failure does not;
//     an expected failure that passed, XPASS, does);
//   - VerdictInconclusive when an assertion was inconclusive: nothing
//     failed, but the run cannot vouch for a pass either. An inconclusive
//     assertion in expect_failures is inconclusive too, neither XFAIL nor
//     XPASS: whether it fails as expected was not seen;
//   - VerdictPass.
func (r *Report) Outcome() Verdict {
	if r.Error != "" || len(r.Assertions) == 0 {
		return VerdictError
	}
	failed, inconclusive := false, false
	for _, a := range r.Assertions {
		switch a.Verdict {
		case VerdictPass:
			failed = failed || a.ExpectedFailure
		case VerdictFail:
			failed = failed || !a.ExpectedFailure
		case VerdictInconclusive:
			inconclusive = true
		default:
			return VerdictError
		}
	}
	switch {
	case failed:
		return VerdictFail
	case inconclusive:
		return VerdictInconclusive
	}
	return VerdictPass
}

// Failed returns the assertions that count against the run: not passed
// and not an expected failure, or an expected failure that passed (an
// inconclusive one counts: it keeps the run from passing).
func (r *Report) Failed() []Assertion {
	var out []Assertion
	for _, a := range r.Assertions {
		if a.Counts() {
			out = append(out, a)
		}
	}
	return out
}

// Counts says whether a counts against the run.
func (a Assertion) Counts() bool {
	if a.ExpectedFailure {
		return a.Verdict != VerdictFail
	}
	return a.Verdict != VerdictPass
}

// Shown is the verdict as summaries show it: PASS, FAIL, ERROR,
// INCONCLUSIVE, or XFAIL (an expected failure) and XPASS (an expected
// failure that passed). An inconclusive expected failure is INCONCLUSIVE.
func (a Assertion) Shown() string {
	switch {
	case a.ExpectedFailure && a.Verdict == VerdictFail:
		return "XFAIL"
	case a.ExpectedFailure && a.Verdict == VerdictPass:
		return "XPASS"
	}
	return strings.ToUpper(string(a.Verdict))
}

// Elapsed is the run's wall-clock length (End - Start), zero when either
// is unset.
func (r *Report) Elapsed() Duration {
	if r.Start.IsZero() || r.End.IsZero() {
		return 0
	}
	return Duration(r.End.Sub(r.Start))
}

// Faults returns the fault events.
func (r *Report) Faults() []Event {
	var out []Event
	for _, e := range r.Events {
		if e.Fault {
			out = append(out, e)
		}
	}
	return out
}
