package diagnose

import (
	"slices"
	"strings"
	"time"
)

// Waiters classifies the goroutines of last and derives each one's wait:
// the runtime prints whole minutes only, so a goroutine at the same stack
// with the same wait reason in first (taken gap earlier) has waited at
// least gap plus first's minutes. first may be nil. A goroutine id is not
// always one wait, though: Diagnose takes Both back from a goroutine
// serving uploads when no upload was open across the gap (identified).
func Waiters(first, last *Dump, gap time.Duration) []Waiter {
	if last == nil {
		return nil
	}
	before := map[int]Goroutine{}
	if first != nil {
		for _, g := range first.Goroutines {
			before[g.ID] = g
		}
	}
	out := make([]Waiter, 0, len(last.Goroutines))
	for _, g := range last.Goroutines {
		w := Waiter{Goroutine: g, Waited: g.Wait()}
		w.Site, w.SiteFrame = Classify(g)
		if b, ok := before[g.ID]; ok && w.Site != SiteRun && stackKey(b) == stackKey(g) {
			w.Both = true
			w.Waited = max(w.Waited, gap+b.Wait())
		}
		out = append(out, w)
	}
	return out
}

// identified is e with Both kept only where the evidence shows one
// request: a goroutine serving a request may serve a keep-alive
// connection, which answers one request and reads the next at the same
// stack under the same id, so two short requests a gap apart look like one
// long wait. A goroutine serving an upload keeps Both only when an upload
// was open across both dumps (openAcross); one serving the health check,
// only when a health probe was (probeAcross: the run's prober keeps its
// connection alive, as load balancers' checks do). Else it loses Both,
// and its wait is its own dump's minutes again (the first dump's own
// minutes stay with Earlier, which the rules read too). When the target
// may have clients besides the run (OtherClients), their requests are not
// in the evidence, and Both stands as the dumps show it.
func (e *Evidence) identified() *Evidence {
	if e.OtherClients {
		return e
	}
	uploads, probes := e.openAcross(), e.probeAcross()
	unwitnessed := func(w Waiter) bool {
		if !w.Both || !w.servesRequest() {
			return false
		}
		if isHealthCheck(w) {
			return !probes
		}
		return !uploads
	}
	if !slices.ContainsFunc(e.Goroutines, unwitnessed) {
		return e
	}
	c := *e
	c.Goroutines = slices.Clone(e.Goroutines)
	for i, w := range c.Goroutines {
		if unwitnessed(w) {
			c.Goroutines[i].Both, c.Goroutines[i].Unwitnessed, c.Goroutines[i].Waited = false, true, w.Wait()
		}
	}
	return &c
}

// openAcross reports whether an upload was open across both dumps: sent
// by the first and not answered before the second. One never answered
// counts when its client still waited at the first dump (Open, or given
// up on later: a connection its client closed carries no next request);
// one refused or given up on before the first dump does not.
func (e *Evidence) openAcross() bool {
	second := e.secondDump()
	return slices.ContainsFunc(e.Uploads, func(u Upload) bool {
		end := u.Start + u.Latency
		switch {
		case u.Start > e.At:
			return false
		case u.Status == 0:
			return u.Open || end >= e.At
		}
		return end >= second
	})
}

// probeAcross reports whether a health probe, the run's or one sent with
// the first dump, was outstanding at the first dump and either answered
// after the second or never answered (given up on: its client closed the
// connection, which then carries no next probe). One answered between
// the dumps, even with an error status, left its connection to the next.
func (e *Evidence) probeAcross() bool {
	second := e.secondDump()
	across := func(at, latency time.Duration, answered bool) bool {
		end := at + latency
		return at <= e.At && end >= e.At && (!answered || end >= second)
	}
	return slices.ContainsFunc(e.Probes, func(p Probe) bool { return across(p.At, p.Latency, p.Answered) }) ||
		slices.ContainsFunc(e.DumpProbes, func(p DumpProbe) bool { return across(p.At, p.Latency, p.Answered) })
}

// secondDump is when the second dump was asked for: SecondAt, or At plus
// Gap for evidence that does not record it.
func (e *Evidence) secondDump() time.Duration {
	if e.SecondAt > 0 {
		return e.SecondAt
	}
	return e.At + e.Gap
}

// stackKey identifies a wait: the reason and the functions of the stack.
func stackKey(g Goroutine) string {
	var b strings.Builder
	b.WriteString(g.Reason)
	for _, f := range g.Frames {
		b.WriteByte('\n')
		b.WriteString(f.Func)
	}
	return b.String()
}

// Group is the goroutines that wait with the same reason at the same stack.
type Group struct {
	Reason  string
	Site    Site
	Frames  []Frame
	IDs     []int
	Longest time.Duration
}

// GroupWaiters groups ws by stack and wait reason, largest group first
// (then longest wait, then first ID), so the report reads top-down.
func GroupWaiters(ws []Waiter) []Group {
	idx := map[string]int{}
	var gs []Group
	for _, w := range ws {
		k := stackKey(w.Goroutine)
		i, ok := idx[k]
		if !ok {
			i = len(gs)
			idx[k] = i
			gs = append(gs, Group{Reason: w.Reason, Site: w.Site, Frames: w.Frames})
		}
		gs[i].IDs = append(gs[i].IDs, w.ID)
		gs[i].Longest = max(gs[i].Longest, w.Waited)
	}
	sortGroups(gs)
	return gs
}

func sortGroups(gs []Group) {
	slices.SortStableFunc(gs, func(a, b Group) int {
		switch {
		case len(a.IDs) != len(b.IDs):
			return len(b.IDs) - len(a.IDs)
		case a.Longest != b.Longest:
			return int(b.Longest - a.Longest)
		}
		return a.IDs[0] - b.IDs[0]
	})
}
