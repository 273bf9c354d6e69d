package diagnose

import "github.com/hangarhq/hangar/harness/report"

// slot-across-retries: callers queue for a concurrency slot (a semaphore,
// bulkhead or limiter acquire) while the goroutines that got past the same
// acquire sleep between attempts instead of calling: the slot is held
// across the retry chain. Without that contention (no profile, or failures
// that carry no Retry-After to sleep on) the journal can still show the
// same retry chain's other half: failed LLM requests re-sent at once, with
// no backoff (immediateRetries).
func init() {
	Register(Rule{Class: ClassSlotAcrossRetries, Needs: NeedNothing, Check: slotAcrossRetries})
}

func slotAcrossRetries(e *Evidence) (report.Finding, bool) {
	if f, ok := slotHeldAsleep(e); ok {
		return f, true
	}
	return immediateRetries(e)
}

func slotHeldAsleep(e *Evidence) (report.Finding, bool) {
	best, found := contention{}, false
	for _, c := range contentions(e, func(w Waiter) bool { return w.Site == SiteSlot }) {
		// Work queued behind work: a health check waiting at the slot is
		// liveness-behind-work's evidence, not this class's.
		work := filter(c.waiters, func(w Waiter) bool { return !isHealthCheck(w) })
		if len(filter(c.holders, isSleeping)) > 0 && len(work) > len(best.waiters) {
			c.waiters = work
			best, found = c, true
		}
	}
	if !found {
		return report.Finding{}, false
	}
	sleepers := filter(best.holders, isSleeping)
	calling := filter(best.holders, func(w Waiter) bool { return w.Site == SiteHTTP })
	f := report.Finding{Confidence: 0.55, Evidence: []string{
		citeGroup(best.waiters, "wait for a slot"),
		citeGroup(sleepers, "on the same path under "+short(best.caller)+" sleep"),
	}}
	detail := ""
	if len(calling) == 0 {
		f.Confidence += 0.25
		detail = " with no call of theirs on the wire"
	}
	if n := retried(e); n > 0 {
		f.Confidence += 0.15
		f.Evidence = append(f.Evidence, cite("journal: %s were retries or answered 429/5xx", plural(n, "LLM request", "LLM requests")))
		detail += cite(", and %s were retries or rate-limited", plural(n, "LLM request", "LLM requests"))
	}
	f.Sentence = cite("%s wait in `%s` under `%s` %s while %s that passed the same acquire sleep between attempts%s: the slot is held across retries",
		plural(len(best.waiters), "goroutine", "goroutines"), short(best.siteFunc), short(best.caller), waited(best.waiters),
		plural(len(sleepers), "goroutine", "goroutines"), detail)
	return f, true
}

func isSleeping(w Waiter) bool { return w.Site == SiteSleep }

// retried counts journaled LLM requests that were retries or that asked
// for one (429, 5xx).
func retried(e *Evidence) int {
	n := 0
	for _, r := range e.LLM {
		if r.Retry > 0 || r.Status == 429 || r.Status >= 500 {
			n++
		}
	}
	return n
}
