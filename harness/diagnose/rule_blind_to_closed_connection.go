package diagnose

import (
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// blind-to-closed-connection: the LLM closed a response mid-body or ended
// a stream without [DONE], and an upload waiting on it went on waiting
// long after, with the LLM otherwise idle: the client did not notice.
func init() {
	Register(Rule{Class: ClassBlindToClosedConn, Needs: NeedNothing, Check: blindToClosed})
}

func blindToClosed(e *Evidence) (report.Finding, bool) {
	for _, r := range e.LLM {
		if !cutShort(r) || resent(e, r) {
			continue
		}
		closed := r.Start + r.Duration
		waiting := waitedPast(e, closed)
		if len(waiting) == 0 {
			continue
		}
		after := 0 * time.Second
		for _, u := range waiting {
			after = max(after, u.Start+u.Latency-closed)
		}
		f := report.Finding{Confidence: 0.6, Evidence: []string{
			cite("journal: %s request %d %s at %s after %d bytes", r.Endpoint, r.Seq, r.Ending, secs(closed), r.Bytes),
			cite("uploads %s kept waiting up to %s after it", indices(waiting), secs(after))}}
		idle := idleAfter(e, closed)
		if idle {
			f.Confidence += 0.25
			f.Evidence = append(f.Evidence, "no other LLM request was in flight meanwhile: the LLM was idle")
		}
		if n := hungAcross(e, closed); n > 0 {
			// The uploads may as well wait on those: the journal does not
			// say which request was whose.
			f.Confidence -= 0.25
			f.Evidence = append(f.Evidence, cite("but %s hung across the same wait, which may be what the uploads waited on", plural(n, "other LLM request", "other LLM requests")))
		}
		f.Sentence = cite("uploads %s kept waiting %s after the LLM %s its %s response at %s%s%s",
			indices(waiting), secs(after), r.Ending, r.Endpoint, secs(closed), doneClause(r), idleClause(idle))
		return f, true
	}
	return report.Finding{}, false
}

// cutShort: the connection ended before a complete answer — closed or reset
// mid-body, or a stream that stopped without [DONE].
func cutShort(r LLMRequest) bool {
	ended := r.Ending == "closed" || r.Ending == "reset"
	return ended && (r.Bytes > 0 || r.Status != 0 || (r.Stream && !r.Done))
}

// waitedPast returns uploads open at t that were still unanswered Stuck
// after it.
func waitedPast(e *Evidence, t time.Duration) []Upload {
	return filterUploads(e.Uploads, func(u Upload) bool {
		return u.Start <= t && u.Start+u.Latency >= t+e.Stuck && (u.Unanswered() || u.Status >= 500)
	})
}

// hungAcross counts requests that hung (lasted Stuck or more) across the
// Stuck after t, or that were sent by then and were still out at the
// capture (a capture soon after t cannot tell how long they will hang).
func hungAcross(e *Evidence, t time.Duration) int {
	n := 0
	for _, r := range e.LLM {
		across := r.Duration >= e.Stuck && r.Start <= t+e.Stuck && r.Start+r.Duration >= t+e.Stuck
		if across || (r.InFlight && r.Start <= t+e.Stuck) {
			n++
		}
	}
	return n
}

// idleAfter: no other request was in flight from t for Stuck.
func idleAfter(e *Evidence, t time.Duration) bool {
	for _, r := range e.LLM {
		if r.Start < t+e.Stuck && r.Start+r.Duration > t {
			return false
		}
	}
	return true
}

func doneClause(r LLMRequest) string {
	if r.Stream && !r.Done {
		return " without [DONE]"
	}
	return " mid-body"
}

func idleClause(idle bool) string {
	if idle {
		return ", with the LLM idle"
	}
	return ""
}

func filterUploads(us []Upload, keep func(Upload) bool) []Upload {
	var out []Upload
	for _, u := range us {
		if keep(u) {
			out = append(out, u)
		}
	}
	return out
}

// resent reports whether r's bytes were sent again within Stuck of its
// end: the client saw the cut and retried, so whatever it waited on
// afterwards was the retry, not the closed connection. The same bytes much
// later (a document indexed again) say nothing about this request.
func resent(e *Evidence, r LLMRequest) bool {
	if r.Body == 0 {
		return false
	}
	end := r.Start + r.Duration
	for _, q := range e.LLM {
		if q.Seq != r.Seq && q.Endpoint == r.Endpoint && q.Body == r.Body && q.Start >= end-time.Millisecond && q.Start <= end+e.Stuck {
			return true
		}
	}
	return false
}
