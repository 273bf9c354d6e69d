package diagnose

import (
	"regexp"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// liveness-behind-work: health probes fail exactly while work is stuck,
// and the goroutines serving the health check wait for the same slot or
// lock the work holds.
func init() {
	Register(Rule{Class: ClassLivenessBehindWork, Needs: NeedNothing, Check: livenessBehindWork})
}

var healthName = regexp.MustCompile(`(?i)health|liveness|readiness|ready|ping`)

func livenessBehindWork(e *Evidence) (report.Finding, bool) {
	blocked := filter(e.at(SiteSlot, SiteMutex, SiteChan, SiteCond), isHealthCheck)
	failed, from, to := failedProbes(e)
	if failed == 0 {
		return slowBehindWork(e, blocked)
	}
	f := report.Finding{Evidence: []string{cite("%s failed between %s and %s", plural(failed, "health probe", "health probes"), secs(from), secs(to))}}
	overlap := stuckDuring(e, from, to)
	if overlap > 0 {
		f.Confidence += 0.4
		f.Evidence = append(f.Evidence, cite("%s were unanswered meanwhile", plural(overlap, "upload", "uploads")))
	}
	clause := ""
	if len(blocked) > 0 {
		f.Confidence += 0.5
		f.Evidence = append(f.Evidence, citeGroup(blocked, "serving the health check wait"))
		clause = cite("; %s serving the health check wait in `%s` %s", plural(len(blocked), "goroutine", "goroutines"),
			siteName(blocked[0]), waited(blocked))
	}
	if f.Confidence == 0 {
		return report.Finding{}, false
	}
	f.Sentence = cite("%s failed between %s and %s while %s stuck%s: liveness waits behind the work",
		plural(failed, "health probe", "health probes"), secs(from), secs(to), plural(overlap, "upload was", "uploads were"), clause)
	return f, true
}

// slowBehindWork: no probe failed, but the health check was caught
// waiting at a slot, lock or channel in a dump, and the slowest probe came
// while uploads were in flight: the health check queues behind the work
// (slow, not yet dead).
func slowBehindWork(e *Evidence, blocked []Waiter) (report.Finding, bool) {
	if len(blocked) == 0 {
		return report.Finding{}, false
	}
	f := report.Finding{Confidence: 0.5, Evidence: []string{citeGroup(blocked, "serving the health check wait")}}
	for _, p := range e.DumpProbes {
		if p.Pending {
			f.Confidence += 0.1
			f.Evidence = append(f.Evidence, cite("a health probe sent with the dump at %s was still out when it was taken; answered after %s",
				secs(p.At), p.Latency.Round(time.Millisecond)))
			break
		}
	}
	clause := ""
	if p, n := slowestProbe(e); n > 0 {
		f.Confidence += 0.2
		f.Evidence = append(f.Evidence, cite("the slowest health probe, at %s, took %s with %s in flight", secs(p.At), p.Latency.Round(time.Millisecond), plural(n, "upload", "uploads")))
		clause = cite("; the slowest probe took %s at %s with %s in flight", p.Latency.Round(time.Millisecond), secs(p.At), plural(n, "upload", "uploads"))
	}
	f.Sentence = cite("%s serving the health check wait in `%s` %s%s: liveness waits behind the work",
		plural(len(blocked), "goroutine", "goroutines"), siteName(blocked[0]), waited(blocked), clause)
	return f, true
}

// slowestProbe is the slowest health probe and how many uploads were in
// flight when it was sent.
func slowestProbe(e *Evidence) (Probe, int) {
	var slow Probe
	for _, p := range e.Probes {
		if p.Latency > slow.Latency {
			slow = p
		}
	}
	n := 0
	for _, u := range e.Uploads {
		if u.Start <= slow.At && u.Start+u.Latency >= slow.At {
			n++
		}
	}
	return slow, n
}

func isHealthCheck(w Waiter) bool {
	if !w.servesRequest() {
		return false
	}
	for _, fr := range w.Frames {
		if !isStdlib(fr.Func) && healthName.MatchString(baseName(fr.Func)) {
			return true
		}
	}
	return false
}

// failedProbes counts failed probes outside deliberate interruptions.
func failedProbes(e *Evidence) (n int, from, to time.Duration) {
	for _, p := range e.Probes {
		if p.OK || e.interrupted(p.At) {
			continue
		}
		if n == 0 {
			from = p.At
		}
		n++
		to = p.At
	}
	return n, from, to
}

// stuckDuring counts unanswered uploads, or uploads slower than Stuck,
// that were open at some point between from and to.
func stuckDuring(e *Evidence, from, to time.Duration) int {
	n := 0
	for _, u := range e.Uploads {
		slow := u.Unanswered() || u.Latency >= e.Stuck
		if slow && u.Start <= to && u.Start+u.Latency >= from {
			n++
		}
	}
	return n
}
