package diagnose

import "github.com/hangarhq/hangar/harness/report"

// shared-pool: goroutines serving requests queue for a slot whose every
// holder is background work (not serving a request) stuck in an outbound
// call: request-path and background work share one concurrency pool.
func init() {
	Register(Rule{Class: ClassSharedPool, Needs: NeedGoroutines, Check: sharedPool})
}

func sharedPool(e *Evidence) (report.Finding, bool) {
	for _, c := range contentions(e, func(w Waiter) bool { return w.Site == SiteSlot && w.servesRequest() }) {
		busy := filter(c.holders, func(w Waiter) bool { return w.Site == SiteHTTP || w.Site == SiteIO || w.Site == SiteSleep })
		if len(busy) == 0 || len(filter(c.holders, Waiter.servesRequest)) > 0 {
			continue
		}
		f := report.Finding{Confidence: 0.6, Evidence: []string{
			citeGroup(c.waiters, "serving requests wait for a slot"),
			citeGroup(busy, "of background work hold the same path under "+short(c.caller)+" and wait"),
		}}
		if anyBoth(busy) {
			f.Confidence += 0.2
		}
		if shed := shedUploads(e); shed > 0 {
			f.Confidence += 0.1
			f.Evidence = append(f.Evidence, cite("%s shed with 5xx or unanswered", plural(shed, "upload", "uploads")))
		}
		f.Sentence = cite("%s serving requests wait in `%s` under `%s` %s while every holder of that pool is background work: %s in `%s`%s",
			plural(len(c.waiters), "goroutine", "goroutines"), short(c.siteFunc), short(c.caller), waited(c.waiters),
			plural(len(busy), "goroutine", "goroutines"), siteName(busy[0]), callsClause(stuckCalls(e)))
		return f, true
	}
	return report.Finding{}, false
}

func shedUploads(e *Evidence) int {
	n := 0
	for _, u := range e.Uploads {
		if u.Unanswered() || u.Status >= 500 {
			n++
		}
	}
	return n
}
