package diagnose

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/hangarhq/hangar/harness/report"
)

// Class ids, stable: the report, the matrix and the docs use them.
const (
	ClassSlotAcrossRetries   = "slot-across-retries"
	ClassNoDeadlineUnderLock = "no-deadline-under-lock"
	ClassBatchBarrier        = "batch-barrier"
	ClassUnboundedLatency    = "unbounded-request-latency"
	ClassLivenessBehindWork  = "liveness-behind-work"
	ClassSharedPool          = "shared-pool"
	ClassOrphanedClaims      = "orphaned-claims"
	ClassBlindToClosedConn   = "blind-to-closed-connection"
)

// ClassIDs lists every class id, sorted.
func ClassIDs() []string {
	ids := []string{ClassSlotAcrossRetries, ClassNoDeadlineUnderLock, ClassBatchBarrier, ClassUnboundedLatency,
		ClassLivenessBehindWork, ClassSharedPool, ClassOrphanedClaims, ClassBlindToClosedConn}
	slices.Sort(ids)
	return ids
}

// Rule recognises one failure class in the evidence.
type Rule struct {
	Class string
	// Needs says which evidence the rule cannot do without: the rule is
	// skipped (and the gap reported) when it is missing.
	Needs Need
	// Check returns a finding, or false when the class does not show.
	Check func(e *Evidence) (report.Finding, bool)
}

// Need is the evidence a rule cannot do without.
type Need int

// Needs.
const (
	NeedNothing    Need = iota // journal, uploads, probes, metrics suffice
	NeedGoroutines             // a goroutine profile
)

var (
	rulesMu sync.RWMutex // guards rules
	rules   = map[string]Rule{}
)

// Register adds a rule; it panics on a duplicate or unknown class.
func Register(r Rule) {
	rulesMu.Lock()
	defer rulesMu.Unlock()
	if _, dup := rules[r.Class]; dup || !slices.Contains(ClassIDs(), r.Class) || r.Check == nil {
		panic("diagnose: bad or duplicate rule " + r.Class)
	}
	rules[r.Class] = r
}

// Rules returns the registered rules sorted by class.
func Rules() []Rule {
	rulesMu.RLock()
	defer rulesMu.RUnlock()
	out := make([]Rule, 0, len(rules))
	for _, c := range slices.Sorted(maps.Keys(rules)) {
		out = append(out, rules[c])
	}
	return out
}

// Diagnose runs every rule over e and ranks the findings, most confident
// first (ties by class id). It reads e after AddReport: whether a request
// goroutine in both dumps waited on one request (identified) depends on
// the uploads the run recorded. e is not changed.
func Diagnose(e *Evidence) *report.Diagnosis {
	e = e.identified()
	d := &report.Diagnosis{At: report.Duration(e.At), Missing: slices.Clone(e.Missing), Files: slices.Clone(e.Files)}
	var skipped []string
	for _, r := range Rules() {
		if r.Needs == NeedGoroutines && !e.hasGoroutines() {
			skipped = append(skipped, r.Class)
			continue
		}
		if f, ok := check(r, e); ok {
			d.Findings = append(d.Findings, f)
		}
	}
	if len(skipped) > 0 {
		d.Missing = append(d.Missing, "not checked without a goroutine profile: "+strings.Join(skipped, ", "))
	}
	slices.SortStableFunc(d.Findings, func(a, b report.Finding) int {
		if a.Confidence != b.Confidence {
			return cmpDesc(a.Confidence, b.Confidence)
		}
		return strings.Compare(a.Class, b.Class)
	})
	return d
}

// check runs r on the last dump and, when there is an earlier one, on that
// too, keeping the more confident finding.
func check(r Rule, e *Evidence) (report.Finding, bool) {
	f, ok := r.Check(e)
	if e.Earlier != nil {
		early := *e
		early.Goroutines, early.Earlier, early.later = e.Earlier, nil, e.Goroutines
		if g, gok := r.Check(&early); gok && (!ok || g.Confidence > f.Confidence) {
			f, ok = g, true
			f.Evidence = append(f.Evidence, "seen in the first dump")
		}
	}
	f.Class, f.Confidence = r.Class, clamp(f.Confidence)
	return f, ok
}

func cmpDesc(a, b float64) int {
	if a > b {
		return -1
	}
	return 1
}

func clamp(c float64) float64 { return math.Round(min(max(c, 0), 1)*100) / 100 }

// cite formats one piece of evidence.
func cite(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// Combine joins the diagnoses of several captures of one run (an early one
// and one at the failure): per class the more confident finding, marked
// with its capture's time when the captures differ; what was missing and
// the files, from each. At is the last capture's.
func Combine(ds ...*report.Diagnosis) *report.Diagnosis {
	switch len(ds) {
	case 0:
		return nil
	case 1:
		return ds[0]
	}
	out := &report.Diagnosis{At: ds[len(ds)-1].At}
	best := map[string]int{}
	for _, d := range ds {
		for _, f := range d.Findings {
			f.Evidence = append(slices.Clone(f.Evidence), fmt.Sprintf("in the capture at %s", secs(d.At.D())))
			if i, ok := best[f.Class]; ok {
				if f.Confidence > out.Findings[i].Confidence {
					out.Findings[i] = f
				}
				continue
			}
			best[f.Class] = len(out.Findings)
			out.Findings = append(out.Findings, f)
		}
		for _, m := range d.Missing {
			if !slices.Contains(out.Missing, m) {
				out.Missing = append(out.Missing, m)
			}
		}
		for _, f := range d.Files {
			if !slices.Contains(out.Files, f) {
				out.Files = append(out.Files, f)
			}
		}
	}
	slices.SortStableFunc(out.Findings, func(a, b report.Finding) int {
		if a.Confidence != b.Confidence {
			return cmpDesc(a.Confidence, b.Confidence)
		}
		return strings.Compare(a.Class, b.Class)
	})
	return out
}
