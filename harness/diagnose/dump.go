package diagnose

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// MaxDumpSize bounds one goroutine dump read from a target.
const MaxDumpSize = 64 << 20

// Dump is one goroutine profile in pprof's debug=2 text form.
type Dump struct {
	Goroutines []Goroutine
	Raw        string
}

// Goroutine is one goroutine of a debug=2 dump.
type Goroutine struct {
	ID int
	// Reason is the wait reason or state: "select", "chan receive",
	// "semacquire", "sync.Mutex.Lock", "IO wait", "sleep", "running", ...
	Reason string
	// Minutes is how long the goroutine has been blocked as the runtime
	// prints it: whole minutes, and only from one minute on.
	Minutes int
	// Frames are the calls, innermost first.
	Frames []Frame
	// CreatedBy is the function that started the goroutine and Parent
	// the goroutine that ran it (0 when not printed).
	CreatedBy string
	Parent    int
}

// Frame is one call in a stack.
type Frame struct {
	Func string // "github.com/x/y.(*T).M", arguments stripped
	File string
	Line int
}

// ParseDump reads a `/debug/pprof/goroutine?debug=2` dump (the format of
// runtime.Stack(all) too). Errors name the line.
func ParseDump(r io.Reader) (*Dump, error) {
	var raw strings.Builder
	sc := bufio.NewScanner(io.TeeReader(io.LimitReader(r, MaxDumpSize), &raw))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	d := &Dump{}
	var cur *Goroutine
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		var err error
		switch {
		case strings.TrimSpace(line) == "":
			cur = nil
		case strings.HasPrefix(line, "goroutine "):
			var g Goroutine
			if g, err = parseHeader(line); err == nil {
				d.Goroutines = append(d.Goroutines, g)
				cur = &d.Goroutines[len(d.Goroutines)-1]
			}
		case cur == nil:
			err = fmt.Errorf("want a goroutine header, got %q", clip(line))
		default:
			err = cur.addLine(line)
		}
		if err != nil {
			return nil, fmt.Errorf("goroutine dump: line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("goroutine dump: line %d: %w", n+1, err)
	}
	d.Raw = raw.String()
	return d, nil
}

// parseHeader reads "goroutine 87 [select, 2 minutes, locked to thread]:".
func parseHeader(line string) (Goroutine, error) {
	rest, ok := strings.CutPrefix(line, "goroutine ")
	open, end := strings.IndexByte(rest, '['), strings.LastIndex(rest, "]:")
	if !ok || open < 0 || end < open {
		return Goroutine{}, fmt.Errorf("malformed goroutine header %q", clip(line))
	}
	idText, _, _ := strings.Cut(strings.TrimSpace(rest[:open]), " ")
	id, err := strconv.Atoi(idText)
	if err != nil || id < 0 {
		return Goroutine{}, fmt.Errorf("malformed goroutine id in %q", clip(line))
	}
	g := Goroutine{ID: id}
	parts := strings.Split(rest[open+1:end], ", ")
	g.Reason = parts[0]
	for _, p := range parts[1:] {
		if m, ok := strings.CutSuffix(p, " minutes"); ok {
			g.Minutes, _ = strconv.Atoi(m)
		}
	}
	return g, nil
}

// addLine adds a frame, a frame's file line or the created-by line.
func (g *Goroutine) addLine(line string) error {
	switch {
	case strings.HasPrefix(line, "\t"):
		return g.addFile(strings.TrimSpace(line))
	case strings.HasPrefix(line, "created by "):
		by := strings.TrimPrefix(line, "created by ")
		if fn, parent, ok := strings.Cut(by, " in goroutine "); ok {
			by = fn
			g.Parent, _ = strconv.Atoi(strings.TrimSpace(parent))
		}
		g.CreatedBy = by
		return nil
	case strings.HasPrefix(line, "...") || strings.HasPrefix(line, "[originating from goroutine"):
		return nil // elided frames, ancestor notes
	}
	g.Frames = append(g.Frames, Frame{Func: stripArgs(line)})
	return nil
}

func (g *Goroutine) addFile(s string) error {
	if g.CreatedBy != "" && len(g.Frames) > 0 && g.Frames[len(g.Frames)-1].File != "" {
		return nil // the created-by call's file
	}
	if len(g.Frames) == 0 {
		return fmt.Errorf("file line %q before any frame", clip(s))
	}
	s, _, _ = strings.Cut(s, " +0x")
	f := &g.Frames[len(g.Frames)-1]
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		f.File = s[:i]
		f.Line, _ = strconv.Atoi(s[i+1:])
	} else {
		f.File = s
	}
	return nil
}

// stripArgs drops the trailing argument list: "pkg.(*T).M(0x1, ...)" →
// "pkg.(*T).M".
func stripArgs(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, ")") {
		return s
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return s[:i]
			}
		}
	}
	return s
}

// Wait is the goroutine's blocked time as the dump alone shows it.
func (g Goroutine) Wait() time.Duration { return time.Duration(g.Minutes) * time.Minute }

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
