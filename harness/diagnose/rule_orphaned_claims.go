package diagnose

import (
	"slices"

	"github.com/hangarhq/hangar/harness/report"
)

// orphaned-claims: accepted documents stay claimed ("indexing",
// "processing") while nothing works on them — no LLM request in flight, no
// goroutine in an outbound call in either dump (one dump may catch a
// call the other missed) — typically after the claimer died.
func init() {
	Register(Rule{Class: ClassOrphanedClaims, Needs: NeedNothing, Check: orphanedClaims})
}

var claimedStates = []string{"indexing", "processing", "claimed", "running"}

func orphanedClaims(e *Evidence) (report.Finding, bool) {
	var claimed []Upload
	for _, u := range e.Uploads {
		if u.Status/100 == 2 && slices.Contains(claimedStates, u.DocStatus) {
			claimed = append(claimed, u)
		}
	}
	if len(claimed) == 0 {
		return report.Finding{}, false
	}
	f := report.Finding{Confidence: 0.35, Evidence: []string{cite("documents of uploads %s still %s at the end", indices(claimed), claimed[0].DocStatus)}}
	idle := len(e.inFlight()) == 0 && !slices.ContainsFunc(e.everyDump(), func(ws []Waiter) bool {
		return slices.ContainsFunc(ws, func(w Waiter) bool { return w.Site == SiteHTTP })
	})
	if idle {
		f.Confidence += 0.25
		f.Evidence = append(f.Evidence, "no LLM request in flight and no goroutine in an outbound call: nothing works on them")
	}
	restart := ""
	if len(e.Restarts) > 0 {
		f.Confidence += 0.3
		f.Evidence = append(f.Evidence, cite("the server was restarted at %s", secs(e.Restarts[0])))
		restart = cite(" since the restart at %s", secs(e.Restarts[0]))
	}
	if !idle && restart == "" {
		return report.Finding{}, false
	}
	f.Sentence = cite("%s stay %s%s with nothing working on them: their claims were never handed back",
		plural(len(claimed), "accepted document", "accepted documents"), claimed[0].DocStatus, restart)
	return f, true
}
