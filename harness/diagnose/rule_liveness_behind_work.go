package diagnose

import (
	"regexp"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// liveness-behind-work: health probes fail exactly while work is stuck,
// and the goroutines serving the health check wait for the same slot or
// lock the work holds; or, with no probe failed yet, the health check is
// caught waiting there long while uploads are in flight (slowBehindWork).
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
// waiting at a slot, lock or channel in a dump, for a while (a probe of the
// capture's own still out when its dump was taken, past the capture's
// ProbeHead, or the same goroutine in both dumps), and the slowest probe of
// the run came while uploads were in flight: the health check queues
// behind the work (slow, not yet dead). A health check passing a lock held
// for a moment answers within the head and is none of this.
func slowBehindWork(e *Evidence, blocked []Waiter) (report.Finding, bool) {
	slow, n := slowestProbe(e)
	if len(blocked) == 0 || n == 0 {
		return report.Finding{}, false
	}
	f := report.Finding{Confidence: 0.5, Evidence: []string{citeGroup(blocked, "serving the health check wait"),
		cite("the slowest health probe, at %s, took %s with %s in flight", secs(slow.At), slow.Latency.Round(time.Millisecond), plural(n, "upload", "uploads"))}}
	long := anyBoth(blocked)
	for _, p := range e.DumpProbes {
		if !p.Pending {
			continue
		}
		long = true
		f.Confidence += 0.1
		if p.Latency >= SlowProbe {
			f.Confidence += 0.1
		}
		f.Evidence = append(f.Evidence, cite("a health probe sent with a dump at %s was still out when it was taken; answered after %s",
			secs(p.At), p.Latency.Round(time.Millisecond)))
		break
	}
	if !long {
		return report.Finding{}, false
	}
	if anyBoth(blocked) {
		f.Confidence += 0.1
	}
	f.Sentence = cite("%s serving the health check wait in `%s` %s; the slowest probe took %s at %s with %s in flight: liveness waits behind the work",
		plural(len(blocked), "goroutine", "goroutines"), siteName(blocked[0]), waited(blocked),
		slow.Latency.Round(time.Millisecond), secs(slow.At), plural(n, "upload", "uploads"))
	return f, true
}

// SlowProbe is the wait of a health probe sent with a dump from which the
// finding is surer: far beyond a lock held in passing.
const SlowProbe = 100 * time.Millisecond

// slowestProbe is the slowest health probe and how many uploads were in
// flight when it was sent.
func slowestProbe(e *Evidence) (Probe, int) {
	var slow Probe
	for _, p := range e.Probes {
		if p.Latency > slow.Latency && !e.interrupted(p.At) {
			slow = p
		}
	}
	if slow.Latency == 0 {
		return slow, 0
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
