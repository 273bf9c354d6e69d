package assert

import (
	"fmt"
	"time"

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

func init() {
	Register(Def{Name: report.AssertLeaksGoroutines, Order: 50, Example: "leaks: {goroutines: true}",
		Doc: "No goroutine leaked. Out of process, `/debug/pprof/goroutineleak` must be empty and the goroutine " +
			"profile after the drain must not have grown against the one before load, per top frame (idle HTTP " +
			"connections are not counted); the stacks that grew are attached to the report. In process " +
			"(`launch: inprocess`), goleak against a pre-load snapshot.",
		Param: LeaksParam{}, Options: []Option{leaksSettle},
		Check: func(c *Checker, p any) {
			if !p.(LeaksParam).Goroutines {
				c.GroupErrorf("nothing to check: set goroutines: true")
			}
		},
		Eval:  func(in *Input, _ any) report.Assertion { return Leaks(*in) },
		Skip:  func(in *Input, _ any) string { return in.LeakSkipped },
		Final: measuredAfterDrain, FinalWhen: finalAfterDrain,
		FinishedRun: true, Diagnose: true,
	})
	Register(Def{Name: report.AssertLLMCallsPerDocument, Order: 60, Example: "llm_calls_per_document: {max: 2.5}",
		Doc:   "Fake-LLM requests (its journal) per upload sent are at most the bound: retry amplification.",
		Param: float64(0),
		Check: func(c *Checker, p any) {
			if m := p.(float64); m <= 0 {
				c.Errorf("must be positive, got %g", m)
			}
		},
		Eval:  func(in *Input, p any) report.Assertion { return LLMCallsPerDocument(*in, p.(float64)) },
		Final: measuredAfterDrain, FinalWhen: "every planned upload has ended and nothing is queued any more: no request or document is left to call the LLM",
	})
}

// finalAfterDrain is FinalWhen of the entries measured after the drain.
const finalAfterDrain = "every planned upload has ended and nothing is queued any more (it is measured after the drain, whenever the run stops)"

// measuredAfterDrain: nothing is left in flight or queued, so what the run
// measures after the drain no longer depends on when it stops.
func measuredAfterDrain(in *Input, _ any) bool { return in.allEnded() && drained(in) }

// LeaksParam is leaks.goroutines with the settle option it reads.
type LeaksParam struct {
	Goroutines bool          `yaml:"goroutines"`
	Settle     time.Duration `yaml:"settle"`
}

var leaksSettle = Option{Key: "settle",
	Doc: "how long the goroutines may take to wind down after the drain before a leak is reported (default 5s); " +
		"for a target whose own background goroutines linger on long tickers",
	Check: func(c *Checker, v any) {
		if d := v.(time.Duration); d <= 0 || d > time.Minute {
			c.Errorf("must be positive and at most 1m, got %s", d)
		}
	},
}

// LeakSettle is the scenario's leaks.settle, 0 when not given.
func LeakSettle(e Expect) time.Duration {
	x, _ := ParamOf[LeaksParam](e, report.AssertLeaksGoroutines)
	return x.Settle
}

// ChecksLeaks reports whether leaks.goroutines is stated, so the run takes
// a goroutine baseline before load and checks after the drain.
func ChecksLeaks(e Expect) bool {
	x, _ := ParamOf[LeaksParam](e, report.AssertLeaksGoroutines)
	on := x.Goroutines
	return on
}
