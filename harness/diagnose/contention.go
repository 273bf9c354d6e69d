package diagnose

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// contention is goroutines waiting at one site reached from one caller,
// and the goroutines on the same caller's path that got past it.
type contention struct {
	site     Site
	siteFunc string // the function waited in
	caller   string // the first frame of the code that called into the site
	waiters  []Waiter
	holders  []Waiter
}

// contentions groups the waiters that match by site function and caller,
// and finds each group's holders.
func contentions(e *Evidence, match func(Waiter) bool) []contention {
	var out []contention
	idx := map[string]int{}
	for _, w := range e.Goroutines {
		if !match(w) || w.SiteFrame < 0 {
			continue
		}
		c := contention{site: w.Site, siteFunc: w.Frames[w.SiteFrame].Func, caller: callerOf(w)}
		k := c.siteFunc + "\n" + c.caller
		i, ok := idx[k]
		if !ok {
			i, idx[k] = len(out), len(out)
			out = append(out, c)
		}
		out[i].waiters = append(out[i].waiters, w)
	}
	for i := range out {
		out[i].holders = holdersOf(e, out[i])
	}
	return out
}

// callerOf is the first frame of the code that called into w's site: the
// site itself when it is the program's own code, else the first frame past
// the site outside the site's module and the standard library.
func callerOf(w Waiter) string {
	site := w.Frames[w.SiteFrame].Func
	if !isStdlib(site) && moduleOf(site) == programModule(w.Goroutine) {
		return site
	}
	for _, f := range w.Frames[w.SiteFrame+1:] {
		if !isStdlib(f.Func) && moduleOf(f.Func) != moduleOf(site) {
			return f.Func
		}
	}
	return site
}

// programModule is the module of the outermost frame outside the standard
// library: the program's own code.
func programModule(g Goroutine) string {
	for i := len(g.Frames) - 1; i >= 0; i-- {
		if !isStdlib(g.Frames[i].Func) {
			return moduleOf(g.Frames[i].Func)
		}
	}
	return ""
}

func holdersOf(e *Evidence, c contention) []Waiter {
	var out []Waiter
	for _, w := range e.Goroutines {
		if w.SiteFrame >= 0 && w.Frames[w.SiteFrame].Func == c.siteFunc {
			continue
		}
		if w.hasFrame(c.caller) {
			out = append(out, w)
		}
	}
	return out
}

func (w Waiter) hasFrame(fn string) bool {
	return slices.ContainsFunc(w.Frames, func(f Frame) bool { return f.Func == fn })
}

// servesRequest reports whether w is serving an inbound HTTP request.
func (w Waiter) servesRequest() bool {
	return w.hasFrame("net/http.(*conn).serve") || strings.HasPrefix(w.CreatedBy, "net/http.(*Server).Serve")
}

func filter(ws []Waiter, keep func(Waiter) bool) []Waiter {
	var out []Waiter
	for _, w := range ws {
		if keep(w) {
			out = append(out, w)
		}
	}
	return out
}

func longest(ws []Waiter) time.Duration {
	var d time.Duration
	for _, w := range ws {
		d = max(d, w.Waited)
	}
	return d
}

func anyBoth(ws []Waiter) bool { return slices.ContainsFunc(ws, func(w Waiter) bool { return w.Both }) }

// short names a function for people: no import path, no type parameters.
func short(fn string) string { return strings.ReplaceAll(baseName(fn), "[...]", "") }

// waited formats a wait lower bound: "for ≥3s" (in both dumps), "for
// 2m0s" (the dump's minutes), or where it was seen when it cannot be timed.
func waited(ws []Waiter) string {
	d := longest(ws)
	switch {
	case d == 0 && slices.ContainsFunc(ws, func(w Waiter) bool { return w.Unwitnessed }):
		return "in both dumps (maybe a new request in each)"
	case d == 0:
		return "in one dump"
	case anyBoth(ws):
		return "for ≥" + secs(d)
	}
	return "for " + d.String()
}

// indices names uploads by number (Index+1) compactly: "4–9, 12".
func indices(us []Upload) string {
	ns := make([]int, len(us))
	for i, u := range us {
		ns[i] = u.Index + 1 // upload numbers, from 1, as the assertions name them
	}
	slices.Sort(ns)
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", ns[i], ns[j]))
		} else {
			parts = append(parts, strconv.Itoa(ns[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func secs(d time.Duration) string {
	if d >= 10*time.Second {
		return d.Round(time.Second).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

// oldestUnanswered returns the unanswered uploads and the longest wait.
func oldestUnanswered(e *Evidence) ([]Upload, time.Duration) {
	us := e.unanswered()
	var d time.Duration
	for _, u := range us {
		d = max(d, u.Latency)
	}
	return us, d
}

// citeGroup cites waiters as "6 goroutines [select] in X under Y for ≥3s".
func citeGroup(ws []Waiter, what string) string {
	if len(ws) == 0 {
		return ""
	}
	w := ws[0]
	at := "(no frame)"
	if w.SiteFrame >= 0 {
		at = short(w.Frames[w.SiteFrame].Func)
	}
	return cite("%s %s [%s] in %s %s", plural(len(ws), "goroutine", "goroutines"), what, w.Reason, at, waited(ws))
}

func citeCalls(rs []LLMRequest) string {
	return cite("journal: %s in flight, the oldest for %s (%s)", callsOf(rs), secs(oldest(rs)), actions(rs))
}

// callsClause is " (2 embeddings calls in flight for up to 12s)", "" for none.
func callsClause(rs []LLMRequest) string {
	if len(rs) == 0 {
		return ""
	}
	return cite(" (%s in flight for up to %s)", callsOf(rs), secs(oldest(rs)))
}

func oldest(rs []LLMRequest) time.Duration {
	var d time.Duration
	for _, r := range rs {
		d = max(d, r.Duration)
	}
	return d
}

// callsOf counts calls by endpoint: "2 embeddings calls", "3 LLM calls".
func callsOf(rs []LLMRequest) string {
	ep := ""
	for i, r := range rs {
		if i > 0 && r.Endpoint != ep {
			return plural(len(rs), "LLM call", "LLM calls")
		}
		ep = r.Endpoint
	}
	return plural(len(rs), ep+" call", ep+" calls")
}

// actions lists the distinct faults applied: "hang, hang_after_headers".
func actions(rs []LLMRequest) string {
	var as []string
	for _, r := range rs {
		a := r.Action
		if a == "" {
			a = "no fault"
		}
		if !slices.Contains(as, a) {
			as = append(as, a)
		}
	}
	return strings.Join(as, ", ")
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
