package report

// Outcome derives the run's verdict: VerdictError when the harness
// recorded an error or an assertion could not be evaluated, else
// VerdictFail when an assertion failed, else VerdictPass. A run with no
// assertions is an error: it proved nothing.
func (r *Report) Outcome() Verdict {
	if r.Error != "" || len(r.Assertions) == 0 {
		return VerdictError
	}
	v := VerdictPass
	for _, a := range r.Assertions {
		switch a.Verdict {
		case VerdictPass:
		case VerdictFail:
			v = VerdictFail
		default:
			return VerdictError
		}
	}
	return v
}

// Failed returns the assertions whose verdict is not pass.
func (r *Report) Failed() []Assertion {
	var out []Assertion
	for _, a := range r.Assertions {
		if a.Verdict != VerdictPass {
			out = append(out, a)
		}
	}
	return out
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
