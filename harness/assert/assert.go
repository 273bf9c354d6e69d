package assert

import (
	"fmt"
	"time"

	"github.com/hangarhq/hangar/harness/leak"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// Point is the indexing state at one moment.
type Point struct {
	At          report.Duration
	Indexed     int // documents indexed
	Outstanding int // documents pending or indexing
}

// Input is everything the assertions read.
type Input struct {
	R      *report.Report
	Expect scenario.Expect
	// Planned is the number of uploads the scenario asked for.
	Planned int
	// LastAnswered is when the last upload was answered.
	LastAnswered report.Duration
	// Series is the indexing state over time (from server metrics or the
	// list endpoint); ProgressSource says which, ProgressErr why it is
	// missing or incomplete.
	Series         []Point
	ProgressSource string
	ProgressErr    string
	// Leak is the leak check's finding; LeakErr why it could not run.
	Leak    *leak.Finding
	LeakErr string
	// LLMCalls is the number of fakellm journal entries.
	LLMCalls int
}

// Evaluate checks every stated expectation, in a fixed order.
func Evaluate(in Input) []report.Assertion {
	var out []report.Assertion
	e := in.Expect
	if h := e.Health; h != nil {
		if h.P99 > 0 {
			out = append(out, HealthP99(in, h.P99, h.Window))
		}
		if h.Max > 0 {
			out = append(out, HealthMax(in, h.Max))
		}
		if h.Failures != nil {
			out = append(out, HealthFailures(in, *h.Failures))
		}
	}
	if u := e.Uploads; u != nil {
		if u.AnsweredWithin > 0 {
			out = append(out, AnsweredWithin(in, u.AnsweredWithin))
		}
		if len(u.Status) > 0 {
			out = append(out, StatusIn(in, u.Status))
		}
	}
	if p := e.Progress; p != nil {
		if p.IndexedAllWithin > 0 {
			out = append(out, IndexedAllWithin(in, p.IndexedAllWithin))
		}
		if p.ForwardWithin > 0 {
			out = append(out, ForwardWithin(in, p.ForwardWithin))
		}
	}
	if r := e.Recovery; r != nil && r.Within > 0 {
		out = append(out, RecoveryWithin(in, r.Within))
	}
	if l := e.Leaks; l != nil && l.Goroutines {
		out = append(out, Leaks(in))
	}
	if c := e.LLMCallsPerDocument; c != nil && c.Max > 0 {
		out = append(out, LLMCallsPerDocument(in, c.Max))
	}
	if x := e.Resources; x != nil {
		out = append(out, Resources(in, x)...)
	}
	return out
}

func verdict(ok bool) report.Verdict {
	if ok {
		return report.VerdictPass
	}
	return report.VerdictFail
}

func le(d time.Duration) string { return "<= " + fmtDur(d) }

// fmtDur rounds durations for people: 4.812s, 35ms, 120µs.
func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	default:
		return d.Round(time.Microsecond).String()
	}
}

func at(d report.Duration) string { return fmtDur(d.D()) }

// answeredBy counts uploads answered at or before t.
func answeredBy(r *report.Report, t report.Duration) int {
	n := 0
	for _, u := range r.Uploads {
		if u.Start+u.Latency <= t {
			n++
		}
	}
	return n
}

// afterUpload says where t falls in the upload sequence.
func afterUpload(r *report.Report, t report.Duration) string {
	if n := answeredBy(r, t); n > 0 {
		return fmt.Sprintf("after upload %d", n)
	}
	return "before any upload was answered"
}
