package diagnose

import "github.com/hangarhq/hangar/harness/report"

// no-deadline-under-lock: goroutines queue for a lock (a mutex, or a
// lock-named channel) while a goroutine that took the same lock waits in
// an outbound call that has no end.
func init() {
	Register(Rule{Class: ClassNoDeadlineUnderLock, Needs: NeedGoroutines, Check: noDeadlineUnderLock})
}

func noDeadlineUnderLock(e *Evidence) (report.Finding, bool) {
	for _, c := range contentions(e, func(w Waiter) bool { return w.Site == SiteMutex }) {
		holders := filter(c.holders, func(w Waiter) bool { return w.Site == SiteHTTP || w.Site == SiteIO })
		if len(holders) == 0 {
			continue
		}
		f := report.Finding{Confidence: 0.5, Evidence: []string{
			citeGroup(c.waiters, "wait for the lock"),
			citeGroup(holders, "holding it under "+short(c.caller)+" wait"),
		}}
		if anyBoth(holders) {
			f.Confidence += 0.2
		}
		old := stuckCalls(e)
		if len(old) > 0 {
			f.Confidence += 0.2
			f.Evidence = append(f.Evidence, citeCalls(old))
		}
		f.Sentence = cite("%s wait for the lock in `%s` %s while %s holding it under `%s` %s in an outbound call with no deadline%s",
			plural(len(c.waiters), "goroutine", "goroutines"), short(c.siteFunc), waited(c.waiters),
			plural(len(holders), "goroutine", "goroutines"), short(c.caller), waited(holders), callsClause(old))
		return f, true
	}
	return report.Finding{}, false
}

// stuckCalls are LLM requests in flight for at least e.Stuck.
func stuckCalls(e *Evidence) []LLMRequest {
	var out []LLMRequest
	for _, r := range e.inFlight() {
		if r.Duration >= e.Stuck {
			out = append(out, r)
		}
	}
	return out
}
