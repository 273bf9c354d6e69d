package statusline

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Intervals between lines.
const (
	DefaultTTYEvery   = 250 * time.Millisecond
	DefaultPlainEvery = 5 * time.Second
)

// Snapshot is the state shown on one line.
type Snapshot struct {
	Scenario     string
	Elapsed      time.Duration
	Answered     int
	Planned      int
	Statuses     map[int]int // status → count; 0 is "no answer"
	Indexed      int
	HealthP99    time.Duration
	HealthFailed int
	Faults       int
}

// Format renders s on one line.
func Format(s Snapshot) string {
	return fmt.Sprintf("%s %5.1fs  uploads %d/%d%s  indexed %d  health p99 %s%s  faults %d",
		s.Scenario, s.Elapsed.Seconds(), s.Answered, s.Planned, statuses(s.Statuses), s.Indexed,
		s.HealthP99.Round(100*time.Microsecond), failed(s.HealthFailed), s.Faults)
}

func statuses(m map[int]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := fmt.Sprint(k)
		if k == 0 {
			name = "err"
		}
		parts[i] = fmt.Sprintf("%s×%d", name, m[k])
	}
	return " (" + strings.Join(parts, " ") + ")"
}

func failed(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d failed)", n)
}

// IsTerminal reports whether w is a character device (a terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Printer prints snapshots on its own goroutine until Close.
type Printer struct {
	w    io.Writer
	tty  bool
	snap func() Snapshot
	stop chan struct{}
	wg   sync.WaitGroup
}

// Start prints snap() every interval (DefaultTTYEvery on a terminal,
// DefaultPlainEvery otherwise when every is 0).
func Start(w io.Writer, tty bool, every time.Duration, snap func() Snapshot) *Printer {
	if every <= 0 {
		every = DefaultPlainEvery
		if tty {
			every = DefaultTTYEvery
		}
	}
	p := &Printer{w: w, tty: tty, snap: snap, stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.print()
			}
		}
	}()
	return p
}

func (p *Printer) print() {
	line := Format(p.snap())
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		return
	}
	fmt.Fprintln(p.w, line)
}

// Close prints the final state and stops.
func (p *Printer) Close() {
	close(p.stop)
	p.wg.Wait()
	p.print()
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
