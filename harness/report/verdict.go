package report

import "strings"

// Outcome derives the run's verdict: VerdictError when the harness
// recorded an error or an assertion could not be evaluated, else
// VerdictFail when an assertion failed (an expected failure does not, an
// expected failure that passed does), else VerdictPass. A run with no
// assertions is an error: it proved nothing.
func (r *Report) Outcome() Verdict {
	if r.Error != "" || len(r.Assertions) == 0 {
		return VerdictError
	}
	v := VerdictPass
	for _, a := range r.Assertions {
		switch a.Verdict {
		case VerdictPass:
			if a.ExpectedFailure {
				v = VerdictFail
			}
		case VerdictFail:
			if !a.ExpectedFailure {
				v = VerdictFail
			}
		default:
			return VerdictError
		}
	}
	return v
}

// Failed returns the assertions that count against the run: not passed
// and not an expected failure, or an expected failure that passed.
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

// Shown is the verdict as summaries show it: PASS, FAIL, ERROR, or XFAIL
// (an expected failure) and XPASS (an expected failure that passed).
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
