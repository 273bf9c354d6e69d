package leak

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Profile is a goroutine profile in pprof's debug=1 text form.
type Profile struct {
	Total  int
	Groups []Group
	Raw    string
}

// Group is one distinct stack and how many goroutines share it.
type Group struct {
	Count int
	// Frames are function names, innermost first.
	Frames []string
	// Text is the group as printed by pprof.
	Text string
}

// plumbing are frames skipped when naming a group's top frame: they say how
// a goroutine waits, not who it is.
var plumbing = []string{"runtime.", "internal/", "sync.", "sync/", "syscall.", "net.", "bufio.", "io.",
	"os.", "time.", "context.", "golang.org/x/sys/"}

// Top names the group: its innermost frame outside the standard library
// (the program's or a dependency's code), else its first frame outside
// runtime and stdlib plumbing, else its innermost frame.
func (g Group) Top() string {
	for _, f := range g.Frames {
		if !isStdlib(f) {
			return f
		}
	}
	for _, f := range g.Frames {
		if !hasAnyPrefix(f, plumbing) {
			return f
		}
	}
	if len(g.Frames) > 0 {
		return g.Frames[0]
	}
	return "(no frames)"
}

// isStdlib reports whether a frame's function is in the standard library:
// its import path's first element has no dot, and it is not package main.
func isStdlib(fn string) bool {
	slash := strings.LastIndex(fn, "/") + 1
	dot := strings.Index(fn[slash:], ".")
	if dot < 0 {
		return false
	}
	pkg := fn[:slash+dot]
	first, _, _ := strings.Cut(pkg, "/")
	return pkg != "main" && !strings.Contains(first, ".")
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// ParseProfile reads `/debug/pprof/goroutine?debug=1` (or goroutineleak)
// text.
func ParseProfile(r io.Reader) (*Profile, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	p := &Profile{}
	var raw strings.Builder
	var cur *Group
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		raw.WriteString(t + "\n")
		if err := p.parseLine(t, line, &cur); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read profile: %w", err)
	}
	if line == 0 {
		return nil, fmt.Errorf("read profile: empty")
	}
	p.Raw = raw.String()
	return p, nil
}

func (p *Profile) parseLine(t string, line int, cur **Group) error {
	switch {
	case strings.Contains(t, " profile: total "):
		n, err := strconv.Atoi(strings.TrimSpace(t[strings.LastIndex(t, " ")+1:]))
		if err != nil {
			return fmt.Errorf("profile line %d: bad total %q", line, t)
		}
		p.Total = n
	case strings.Contains(t, " @ "):
		n, err := strconv.Atoi(strings.Fields(t)[0])
		if err != nil {
			return fmt.Errorf("profile line %d: bad count in %q", line, t)
		}
		p.Groups = append(p.Groups, Group{Count: n, Text: t + "\n"})
		*cur = &p.Groups[len(p.Groups)-1]
	case strings.HasPrefix(t, "#\t") && *cur != nil:
		(*cur).Text += t + "\n"
		if f := strings.Fields(t); len(f) >= 3 && !strings.HasPrefix(f[1], "labels:") {
			(*cur).Frames = append((*cur).Frames, trimOffset(f[2]))
		}
	}
	return nil
}

// trimOffset drops "+0x1c" from "pkg.fn+0x1c".
func trimOffset(f string) string {
	if i := strings.LastIndex(f, "+0x"); i > 0 {
		return f[:i]
	}
	return f
}

// ConnectionLoops are goroutine entry functions not counted by ByTop: the
// HTTP client's per-connection loops and the server's per-request
// background reader. An idle keep-alive connection in the target's own
// client pool (to the fake LLM, say) is not a leak, and the harness cannot
// close it from outside; a request stuck on such a connection still shows
// up as its caller's goroutine, which is counted.
var ConnectionLoops = []string{
	"net/http.(*persistConn).readLoop",
	"net/http.(*persistConn).writeLoop",
	"net/http.(*connReader).backgroundRead",
}

// Entry is the group's outermost frame: the function the goroutine runs.
func (g Group) Entry() string {
	if len(g.Frames) == 0 {
		return ""
	}
	return g.Frames[len(g.Frames)-1]
}

// ByTop counts goroutines per top frame, ConnectionLoops excluded.
func (p *Profile) ByTop() map[string]int {
	m := map[string]int{}
	for _, g := range p.Groups {
		if slices.Contains(ConnectionLoops, g.Entry()) {
			continue
		}
		m[g.Top()] += g.Count
	}
	return m
}

// Baseline merges snapshots taken moments apart into one baseline holding,
// per top frame, the most goroutines any of them saw, so a goroutine that
// happened to be mid-flight at one instant does not count as new later.
func Baseline(ps ...*Profile) *Profile {
	most := map[string]int{}
	for _, p := range ps {
		for top, n := range p.ByTop() {
			most[top] = max(most[top], n)
		}
	}
	out := &Profile{}
	for top, n := range most {
		out.Groups = append(out.Groups, Group{Count: n, Frames: []string{top}})
		out.Total += n
	}
	sort.Slice(out.Groups, func(i, j int) bool { return out.Groups[i].Frames[0] < out.Groups[j].Frames[0] })
	return out
}

// Delta is a top frame with more goroutines after than before.
type Delta struct {
	Top           string
	Before, After int
}

// Diff lists the top frames that grew from before to after, largest growth
// first.
func Diff(before, after *Profile) []Delta {
	b, a := before.ByTop(), after.ByTop()
	var out []Delta
	for top, n := range a {
		if n > b[top] {
			out = append(out, Delta{Top: top, Before: b[top], After: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		gi, gj := out[i].After-out[i].Before, out[j].After-out[j].Before
		if gi != gj {
			return gi > gj
		}
		return out[i].Top < out[j].Top
	})
	return out
}

// Describe summarises deltas in one line.
func Describe(ds []Delta) string {
	parts := make([]string, 0, len(ds))
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%s %d→%d", d.Top, d.Before, d.After))
	}
	return strings.Join(parts, "; ")
}

// StacksFor returns the pprof text of after's groups whose top frame grew.
func StacksFor(after *Profile, ds []Delta) string {
	grew := map[string]bool{}
	for _, d := range ds {
		grew[d.Top] = true
	}
	var b strings.Builder
	for _, g := range after.Groups {
		if grew[g.Top()] {
			b.WriteString(g.Text + "\n")
		}
	}
	return b.String()
}
