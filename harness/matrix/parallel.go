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
)

// cpuTimes is one /proc/stat "cpu" line: idle (with iowait) and total
// jiffies.
type cpuTimes struct{ idle, total uint64 }

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
	return parseProcStat(f)
}

// idleCores is how many cores were idle on average between a and b.
func idleCores(a, b cpuTimes, cpus int) float64 {
	if b.total <= a.total || b.idle < a.idle {
		return 0
	}
	return float64(b.idle-a.idle) / float64(b.total-a.total) * float64(cpus)
}

// initialLimit is the number of runs the idle cores leave room for.
func initialLimit(idle float64, lo, hi int) int {
	return min(hi, max(lo, int(idle/perRunCores)))
}

// nextLimit adjusts the limit by one from the idle cores of the last
// sample: up while every slot is busy and CPU idles, down when it does not.
func nextLimit(cur, running int, idle float64, lo, hi int) int {
	switch {
	case idle >= growIdle && running >= cur:
		cur++
	case idle < shrinkIdle:
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
			idle := idleCores(prev, cur, cpus)
			l.adjust(func(n, running int) int { return nextLimit(n, running, idle, lo, hi) })
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
