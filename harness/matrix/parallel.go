package matrix

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Auto as Config.Parallel chooses how many runs go at once from the CPU
// headroom measured before and while the matrix runs.
const Auto = 0

// Auto parallelism: most of a run is waiting (fault windows, timeouts), so
// runs are added while CPU is idle and removed when it is not.
const (
	// sampleEvery is how often /proc/stat is read.
	sampleEvery = time.Second
	// perRunCores is the CPU a run is assumed to need when the initial
	// limit is chosen (the soak scenario uses about this much).
	perRunCores = 0.5
	// growIdle and shrinkIdle are the idle cores above which one more run
	// is allowed, and below which one fewer.
	growIdle, shrinkIdle = 0.7, 0.2
	// ownShare is the share of the cores the matrix itself (this process
	// and the servers it started) may use and still add runs on a machine
	// others keep busy: its runs mostly wait, and the scheduler favours
	// tasks that slept, so other work does not starve them.
	ownShare = 0.25
)

// cpuTimes is one sample: idle (with iowait) and total jiffies of the
// /proc/stat "cpu" line, and own, the CPU ticks of this process tree.
type cpuTimes struct{ idle, total, own uint64 }

// parseProcStat reads the aggregate "cpu" line of /proc/stat.
func parseProcStat(r io.Reader) (cpuTimes, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] != "cpu" {
			continue
		}
		if len(f) < 5 {
			return cpuTimes{}, fmt.Errorf("proc stat: cpu line has %d fields, want at least 5", len(f))
		}
		var t cpuTimes
		for i, s := range f[1:] {
			v, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				return cpuTimes{}, fmt.Errorf("proc stat: cpu field %d: %w", i+1, err)
			}
			t.total += v
			if i == 3 || i == 4 { // idle, iowait
				t.idle += v
			}
		}
		return t, nil
	}
	if err := sc.Err(); err != nil {
		return cpuTimes{}, fmt.Errorf("proc stat: %w", err)
	}
	return cpuTimes{}, fmt.Errorf("proc stat: no cpu line")
}

func readProcStat() (cpuTimes, error) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return cpuTimes{}, err
	}
	defer f.Close()
	t, err := parseProcStat(f)
	if err == nil {
		t.own = treeTicks(os.Getpid(), 0)
	}
	return t, err
}

// treeTicks is the CPU ticks (user, system, and reaped children) of pid and
// its live descendants; a process that ended meanwhile counts 0.
func treeTicks(pid, depth int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	n, _ := parsePidStat(string(b))
	if depth > 8 {
		return n
	}
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, t := range tasks {
		kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		for _, k := range strings.Fields(string(kids)) {
			if c, err := strconv.Atoi(k); err == nil {
				n += treeTicks(c, depth+1)
			}
		}
	}
	return n
}

// parsePidStat sums utime, stime, cutime and cstime of a /proc/PID/stat
// line (fields 14-17; the command name in parentheses may hold spaces).
func parsePidStat(s string) (uint64, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("pid stat: no command name")
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state)
	if len(f) < 15 {
		return 0, fmt.Errorf("pid stat: %d fields after the command name, want at least 15", len(f))
	}
	var n uint64
	for _, s := range f[11:15] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("pid stat: %w", err)
		}
		n += uint64(max(v, 0))
	}
	return n, nil
}

// idleCores is how many cores were idle on average between a and b.
func idleCores(a, b cpuTimes, cpus int) float64 {
	if b.total <= a.total || b.idle < a.idle {
		return 0
	}
	return float64(b.idle-a.idle) / float64(b.total-a.total) * float64(cpus)
}

// ownCores is how many cores the process tree used on average between a
// and b.
func ownCores(a, b cpuTimes, cpus int) float64 {
	if b.total <= a.total || b.own < a.own {
		return 0
	}
	return float64(b.own-a.own) / float64(b.total-a.total) * float64(cpus)
}

// initialLimit is the number of runs the idle cores leave room for.
func initialLimit(idle float64, lo, hi int) int {
	return min(hi, max(lo, int(idle/perRunCores)))
}

// nextLimit adjusts the limit by one from the last sample's idle cores and
// the cores the matrix used itself: up while every slot is busy and CPU
// idles or the matrix uses little of it, down when CPU does not idle and
// the matrix is a good part of why.
func nextLimit(cur, running int, idle, own float64, cpus, lo, hi int) int {
	light := own < ownShare*float64(cpus)
	switch {
	case running >= cur && (idle >= growIdle || light):
		cur++
	case idle < shrinkIdle && !light:
		cur--
	}
	return min(hi, max(lo, cur))
}

// limiter admits up to limit runs at once; the limit may change while runs
// go on.
type limiter struct {
	mu      sync.Mutex // guards running, limit, peak
	cond    *sync.Cond
	running int
	limit   int
	peak    int
}

func newLimiter(n int) *limiter {
	l := &limiter{limit: n}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// acquire waits for a slot; it fails when ctx ends first.
func (l *limiter) acquire(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { l.mu.Lock(); l.cond.Broadcast(); l.mu.Unlock() })
	defer stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.running >= l.limit && ctx.Err() == nil {
		l.cond.Wait()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	l.running++
	l.peak = max(l.peak, l.running)
	return nil
}

func (l *limiter) release() {
	l.mu.Lock()
	l.running--
	l.cond.Broadcast()
	l.mu.Unlock()
}

// adjust applies f to the limit given the runs going now.
func (l *limiter) adjust(f func(cur, running int) int) {
	l.mu.Lock()
	l.limit = f(l.limit, l.running)
	l.cond.Broadcast()
	l.mu.Unlock()
}

func (l *limiter) stats() (limit, peak int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.peak
}

// autoBounds are the least and most runs auto parallelism allows: never
// fewer than the cores, never more than three per core (beyond that the
// health probes' latency bounds trip on scheduling stalls).
func autoBounds() (lo, hi int) {
	n := runtime.NumCPU()
	return max(2, n), max(2, 3*n)
}

// autoLimiter samples the CPU for a second and starts a limiter with room
// for the idle cores, then adjusts it every second until ctx ends; the
// returned func stops the sampling. Without /proc/stat the limit stays at
// the lower bound.
func autoLimiter(ctx context.Context, sample func() (cpuTimes, error), tick <-chan time.Time, lo, hi int) (*limiter, func()) {
	cpus := runtime.NumCPU()
	prev, err := sample()
	if err != nil {
		return newLimiter(lo), func() {}
	}
	select {
	case <-ctx.Done():
		return newLimiter(lo), func() {}
	case <-tick:
	}
	cur, err := sample()
	if err != nil {
		return newLimiter(lo), func() {}
	}
	l := newLimiter(initialLimit(idleCores(prev, cur, cpus), lo, hi))
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for prev = cur; ; prev = cur {
			select {
			case <-sctx.Done():
				return
			case <-tick:
			}
			if cur, err = sample(); err != nil {
				return
			}
			idle, own := idleCores(prev, cur, cpus), ownCores(prev, cur, cpus)
			l.adjust(func(n, running int) int { return nextLimit(n, running, idle, own, cpus, lo, hi) })
		}
	}()
	return l, func() { cancel(); <-done }
}

// limiterFor is the limiter for Config.Parallel n, the func that stops its
// sampling, and the func describing what it allowed.
func limiterFor(ctx context.Context, n int) (*limiter, func(), func(*limiter) string) {
	if n > 0 {
		return newLimiter(n), func() {}, func(*limiter) string { return strconv.Itoa(n) }
	}
	lo, hi := autoBounds()
	t := time.NewTicker(sampleEvery)
	l, stop := autoLimiter(ctx, readProcStat, t.C, lo, hi)
	first, _ := l.stats()
	return l, func() { stop(); t.Stop() }, func(l *limiter) string {
		last, peak := l.stats()
		return fmt.Sprintf("auto: %d at start, up to %d at once, %d at the end (bounds %d-%d)", first, peak, last, lo, hi)
	}
}
