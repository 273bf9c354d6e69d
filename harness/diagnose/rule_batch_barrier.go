package diagnose

import (
	"strings"

	"github.com/hangarhq/hangar/harness/report"
)

// batch-barrier: a goroutine waits for a whole batch it started (a wait
// group, an errgroup, a channel receive collecting results) while the few
// members still running wait on outbound work: one slow member holds back
// everything queued behind the batch.
func init() {
	Register(Rule{Class: ClassBatchBarrier, Needs: NeedGoroutines, Check: batchBarrier})
}

func batchBarrier(e *Evidence) (report.Finding, bool) {
	for _, w := range e.Goroutines {
		if !isBarrier(w) {
			continue
		}
		kids := childrenOf(e, w.ID)
		if len(kids) == 0 || !allWorking(kids) {
			continue
		}
		f := report.Finding{Confidence: 0.5, Evidence: []string{
			citeGroup([]Waiter{w}, "waits for its batch"),
			citeGroup(kids, "it started are still running and wait"),
		}}
		if w.Site != SiteBarrier {
			f.Confidence -= 0.1
		}
		if w.Both && anyBoth(kids) {
			f.Confidence += 0.2
		}
		queued, name := queuedWork(e)
		if queued > 0 {
			f.Confidence += 0.2
			f.Evidence = append(f.Evidence, cite("metrics: %s = %g at the end", name, queued))
		}
		f.Sentence = cite("`%s` waits for its whole batch %s while %s of it %s in `%s`%s: nothing behind the batch is started",
			short(w.Frames[w.SiteFrame+1:][0].Func), waited([]Waiter{w}), plural(len(kids), "member", "members"), verb(len(kids), "waits", "wait"),
			siteName(kids[0]), callsClause(stuckCalls(e)))
		return f, true
	}
	return report.Finding{}, false
}

// isBarrier: a wait group or errgroup wait, or a bare channel receive in
// the program's own code.
func isBarrier(w Waiter) bool {
	if w.SiteFrame < 0 || w.SiteFrame+1 >= len(w.Frames) {
		return false
	}
	return w.Site == SiteBarrier || (w.Site == SiteChan && w.Reason == "chan receive")
}

func childrenOf(e *Evidence, id int) []Waiter {
	return filter(e.Goroutines, func(w Waiter) bool { return w.Parent == id })
}

// allWorking: every member waits on outbound work (a call, I/O, a sleep),
// none on a slot or a lock of its own.
func allWorking(ws []Waiter) bool {
	for _, w := range ws {
		if w.Site != SiteHTTP && w.Site != SiteIO && w.Site != SiteSleep {
			return false
		}
	}
	return true
}

func siteName(w Waiter) string {
	if w.SiteFrame >= 0 {
		return short(w.Frames[w.SiteFrame].Func)
	}
	return string(w.Site)
}

// queuedWork is the largest last value of a queue-depth-like gauge for
// waiting (pending, queued) work.
func queuedWork(e *Evidence) (float64, string) {
	last := map[string]Sample{}
	for _, s := range e.Samples {
		st := s.Labels["status"] + s.Labels["state"]
		if strings.Contains(s.Metric, "queue") && (st == "pending" || st == "queued") {
			last[s.Metric+st] = s
		}
	}
	best, name := 0.0, ""
	for _, s := range last {
		if s.Value > best {
			best, name = s.Value, cite("%s{status=%q}", s.Metric, s.Labels["status"]+s.Labels["state"])
		}
	}
	return best, name
}
