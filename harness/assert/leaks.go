package assert

import (
	"fmt"

	"github.com/hangarhq/hangar/harness/report"
)

// Leaks reports the leak check's finding.
func Leaks(in Input) report.Assertion {
	a := report.Assertion{Name: report.AssertLeaksGoroutines,
		Description: "no goroutine leaked: leak profile empty, goroutines back to the pre-load baseline per top frame",
		Threshold:   "no leak"}
	switch {
	case in.LeakErr != "":
		a.Verdict, a.Measured, a.Detail = report.VerdictFail, "check failed", "leak check could not read the target: "+in.LeakErr
	case in.Leak == nil:
		a.Verdict, a.Measured, a.Detail = report.VerdictError, "not checked", "no leak check ran"
	case in.Leak.Leaked:
		a.Verdict, a.Measured, a.Value, a.Detail = report.VerdictFail, "leaked", 1, in.Leak.Summary
	default:
		a.Verdict, a.Measured, a.Detail = report.VerdictPass, "none", in.Leak.Summary
	}
	if in.Leak != nil && len(in.Leak.Notes) > 0 {
		a.Detail += fmt.Sprintf(" (note: %v)", in.Leak.Notes)
	}
	return a
}

// LLMCallsPerDocument bounds fakellm requests per upload sent.
func LLMCallsPerDocument(in Input, bound float64) report.Assertion {
	a := report.Assertion{Name: report.AssertLLMCallsPerDocument,
		Description: "fake LLM requests per uploaded document (retry amplification)",
		Threshold:   fmt.Sprintf("<= %g", bound), Limit: bound}
	n := len(in.R.Uploads)
	if n == 0 {
		a.Verdict, a.Measured, a.Detail = report.VerdictError, "no uploads", "no upload was sent"
		return a
	}
	v := float64(in.LLMCalls) / float64(n)
	a.Measured, a.Value = fmt.Sprintf("%.2f", v), v
	a.Verdict = verdict(v <= bound)
	a.Detail = fmt.Sprintf("%d LLM requests for %d uploads", in.LLMCalls, n)
	return a
}
