package diagnose

import (
	"slices"
	"strings"
	"time"
)

// Waiters classifies the goroutines of last and derives each one's wait:
// the runtime prints whole minutes only, so a goroutine at the same stack
// with the same wait reason in first (taken gap earlier) has waited at
// least gap plus first's minutes. first may be nil.
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
