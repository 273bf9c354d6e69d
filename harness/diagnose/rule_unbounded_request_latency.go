package diagnose

import (
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// unbounded-request-latency: uploads go unanswered for longer than any
// bound while the LLM calls they wait on hang, and the request goroutines
// wait in an outbound HTTP read with no deadline. Runs on the journal and
// the uploads alone when there is no goroutine profile.
func init() {
	Register(Rule{Class: ClassUnboundedLatency, Needs: NeedNothing, Check: unboundedLatency})
}

func unboundedLatency(e *Evidence) (report.Finding, bool) {
	ups, age := oldestUnanswered(e)
	if len(ups) == 0 || age < e.Stuck {
		return report.Finding{}, false
	}
	f := report.Finding{Confidence: 0.4, Evidence: []string{
		cite("uploads %s unanswered, the oldest for %s", indices(ups), secs(age))}}
	calls := stuckCalls(e)
	if len(calls) > 0 {
		f.Confidence += 0.25
		f.Evidence = append(f.Evidence, citeCalls(calls))
	}
	reading := filter(e.at(SiteHTTP), func(w Waiter) bool { return w.servesRequest() && (w.Both || w.Waited >= e.Stuck) })
	bonus := 0.25
	if len(reading) == 0 && len(e.LLM) == 0 && openSince(e, e.Stuck) > 0 {
		// One dump cannot time a wait under a minute, and with no journal
		// (a frozen fake LLM, or none) the calls cannot be timed either;
		// uploads open for Stuck at the capture say how long something has
		// waited: request goroutines in an outbound read then are theirs,
		// most likely. With a journal, stuckCalls times the calls instead.
		reading, bonus = filter(e.at(SiteHTTP), Waiter.servesRequest), 0.15
	}
	clause := ""
	if len(reading) > 0 {
		f.Confidence += bonus
		f.Evidence = append(f.Evidence, citeGroup(reading, "serving requests wait"))
		clause = cite(" and %s serving them wait in an HTTP read with no deadline under `%s` %s",
			plural(len(reading), "goroutine", "goroutines"), short(callerOf(reading[0])), waited(reading))
	}
	if len(calls) == 0 && len(reading) == 0 {
		return report.Finding{}, false
	}
	f.Sentence = cite("uploads %s have waited up to %s%s%s", indices(ups), secs(age), hungClause(calls), clause)
	return f, true
}

func hungClause(rs []LLMRequest) string {
	if len(rs) == 0 {
		return ""
	}
	return cite(" while %s %s hung for up to %s (%s)", callsOf(rs), verb(len(rs), "has", "have"), secs(oldest(rs)), actions(rs))
}

// openSince counts the uploads open at the capture that had been waiting
// for at least d by then.
func openSince(e *Evidence, d time.Duration) int {
	n := 0
	for _, u := range e.Uploads {
		if u.Open && e.At-u.Start >= d {
			n++
		}
	}
	return n
}
