package assert

import (
	"github.com/hangarhq/hangar/harness/leak"
	"github.com/hangarhq/hangar/harness/report"
)

// Point is the indexing state at one moment.
type Point struct {
	At          report.Duration
	Indexed     int // documents indexed
	Outstanding int // documents pending or indexing
}

// Open is an upload sent and not yet answered.
type Open struct {
	Ordinal int             // 1-based, as load numbers them
	Start   report.Duration // when it was sent
}

// Input is the one read-only view of a run the entries read: at the end
// (Eval) everything recorded; while the run drives (Live, Final) what is
// recorded so far, with Now and InFlight.
type Input struct {
	R      *report.Report
	Expect Expect
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
	// Leak is the leak check's finding; LeakErr why it could not run;
	// LeakSkipped why it was not run.
	Leak        *leak.Finding
	LeakErr     string
	LeakSkipped string
	// LLMCalls is the number of fakellm journal entries.
	LLMCalls int
	// Tripped names the entry whose Live check stopped the run (fail-fast),
	// "" when none did.
	Tripped string

	// Now is how far into the run the view was taken (while driving).
	Now report.Duration
	// InFlight are the uploads sent and not answered yet (while driving).
	InFlight []Open
	// StepsLeft is the number of timeline steps not fired yet (while
	// driving).
	StepsLeft int
	// ProbingOver: no probe will be taken after this view (at the end, or
	// when AllFinal asks whether the run may stop now).
	ProbingOver bool
}

// allEnded: every planned upload was sent and has ended (answered or
// failed on the client side).
func (in *Input) allEnded() bool {
	return len(in.R.Uploads) >= in.Planned && len(in.InFlight) == 0
}
