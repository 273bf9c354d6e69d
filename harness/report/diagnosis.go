package report

import (
	"fmt"
	"strconv"
)

// Diagnosis says why a failed run hung: failure classes ranked by
// confidence, each with the evidence it cites, and the evidence that could
// not be had. A passing run has none.
type Diagnosis struct {
	// At is when the evidence was captured: its first goroutine dump, when
	// there is one.
	At Duration `json:"at"`
	// Findings are ranked, most confident first.
	Findings []Finding `json:"findings"`
	// Missing names evidence that could not be captured, and why.
	Missing []string `json:"missing,omitempty"`
	// Files are raw evidence files in the run directory
	// (goroutines-1.txt, goroutines-2.txt, goroutineleak.txt).
	Files []string `json:"files,omitempty"`
}

// Finding is one failure class the evidence points at.
type Finding struct {
	// Class is a stable id: slot-across-retries, no-deadline-under-lock,
	// batch-barrier, unbounded-request-latency, liveness-behind-work,
	// shared-pool, orphaned-claims, blind-to-closed-connection.
	Class string `json:"class"`
	// Confidence is in [0,1].
	Confidence float64 `json:"confidence"`
	// Sentence says what was seen, in one sentence.
	Sentence string `json:"sentence"`
	// Evidence are the observations the finding rests on.
	Evidence []string `json:"evidence,omitempty"`
}

// Top returns the most confident finding, if any.
func (d *Diagnosis) Top() (Finding, bool) {
	if d == nil || len(d.Findings) == 0 {
		return Finding{}, false
	}
	return d.Findings[0], true
}

// Line is the finding in one line: "class (0.85): sentence".
func (f Finding) Line() string {
	return fmt.Sprintf("%s (%s): %s", f.Class, strconv.FormatFloat(f.Confidence, 'f', 2, 64), oneLine(f.Sentence))
}

// diagnosisLines are summary.txt's diagnosis lines, top class first.
func diagnosisLines(d *Diagnosis) []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, f := range d.Findings {
		out = append(out, "diagnosis: "+f.Line())
	}
	if len(d.Findings) == 0 {
		out = append(out, "diagnosis: no failure class matched the evidence")
	}
	for _, m := range d.Missing {
		out = append(out, "diagnosis missing: "+oneLine(m))
	}
	return out
}
