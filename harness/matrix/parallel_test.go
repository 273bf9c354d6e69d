package matrix

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/scenario"
)

func TestParseProcStat(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    cpuTimes
		wantErr string
	}{
		{"linux", "cpu  100 5 50 800 20 0 5 0 0 0\ncpu0 50 2 25 400 10 0 2 0 0 0\nintr 1\n", cpuTimes{idle: 820, total: 980}, ""},
		{"short old kernel", "cpu 1 2 3 4\n", cpuTimes{idle: 4, total: 10}, ""},
		{"too few fields", "cpu 1 2 3\n", cpuTimes{}, "cpu line has 4 fields"},
		{"not a number", "cpu 1 2 x 4 5\n", cpuTimes{}, "cpu field 3"},
		{"no cpu line", "intr 1\n", cpuTimes{}, "no cpu line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseProcStat(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v %v, want %+v", got, err, tt.want)
			}
		})
	}
}

func TestParsePidStat(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    uint64
		wantErr string
	}{
		{"spaces in the name", "42 (my (odd) cmd) S 1 42 42 0 -1 4194304 100 0 0 0 7 3 2 1 20 0 1 0 5 1000 10", 13, ""},
		{"short", "42 (x) S 1 2", 0, "fields after the command name"},
		{"no name", "42 x S", 0, "no command name"},
		{"not a number", "42 (x) S 1 42 42 0 -1 4194304 100 0 0 0 x 3 2 1 20", 0, "pid stat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePidStat(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %d %v, want %d", got, err, tt.want)
			}
		})
	}
}

func FuzzParsePidStat(f *testing.F) {
	f.Add("42 (x) S 1 42 42 0 -1 4194304 100 0 0 0 7 3 2 1 20 0")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parsePidStat(s) // must not panic
	})
}

func FuzzParseProcStat(f *testing.F) {
	f.Add("cpu  100 5 50 800 20 0 5 0 0 0\n")
	f.Add("cpu 1 2 3\n")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseProcStat(strings.NewReader(s))
		if err == nil && got.idle > got.total {
			t.Fatalf("idle %d over total %d", got.idle, got.total)
		}
	})
}

func TestNextLimit(t *testing.T) {
	tests := []struct {
		name         string
		cur, running int
		idle, own    float64
		want         int
	}{
		{"idle and every slot busy: one more", 3, 3, 1.2, 0.6, 4},
		{"idle but slots free: stay", 3, 2, 1.2, 0.6, 3},
		{"busy with our runs: one fewer", 4, 4, 0.1, 1.5, 3},
		{"busy with others, ours light: one more", 4, 4, 0.1, 0.3, 5},
		{"busy with others, ours light, slots free: stay", 4, 3, 0.1, 0.3, 4},
		{"in between: stay", 4, 4, 0.4, 0.8, 4},
		{"never above the top", 8, 8, 2, 0, 8},
		{"never below the floor", 2, 2, 0, 1.9, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextLimit(tt.cur, tt.running, tt.idle, tt.own, 2, 2, 8); got != tt.want {
				t.Fatalf("nextLimit = %d, want %d", got, tt.want)
			}
		})
	}
	if got := initialLimit(1.6, 2, 8); got != 3 {
		t.Errorf("initialLimit(1.6 idle cores) = %d, want 3", got)
	}
	if got := idleCores(cpuTimes{100, 200, 0}, cpuTimes{150, 300, 0}, 2); got != 1 {
		t.Errorf("idleCores = %g, want 1", got)
	}
	if got := ownCores(cpuTimes{0, 200, 10}, cpuTimes{0, 300, 35}, 2); got != 0.5 {
		t.Errorf("ownCores = %g, want 0.5", got)
	}
}

// TestAutoLimiter: the start limit comes from the first second's idle CPU,
// later samples move it; without /proc/stat it stays at the floor.
func TestAutoLimiter(t *testing.T) {
	var mu sync.Mutex
	// own: the matrix used a whole core in each second after the first.
	samples := []cpuTimes{{0, 0, 0}, {200, 200, 0}, {400, 400, 100}, {400, 600, 200}, {440, 800, 300}}
	i := 0
	sample := func() (cpuTimes, error) {
		mu.Lock()
		defer mu.Unlock()
		s := samples[min(i, len(samples)-1)]
		i++
		return s, nil
	}
	tick := make(chan time.Time)
	go func() { tick <- time.Time{} }() // the first second
	l, stop := autoLimiter(context.Background(), sample, tick, 2, 8)
	if lim, _ := l.stats(); lim != 4 { // fully idle: 2 cores / 0.5
		t.Fatalf("start limit %d, want 4", lim)
	}
	for range 4 {
		if err := l.acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	tick <- time.Time{} // idle, every slot busy: 5
	tick <- time.Time{} // busy: back to 4
	tick <- time.Time{} // 0.4 idle cores: stays 4
	stop()
	if lim, peak := l.stats(); lim != 4 || peak != 4 {
		t.Fatalf("limit %d peak %d, want 4 and 4", lim, peak)
	}
	fail := func() (cpuTimes, error) { return cpuTimes{}, errors.New("no /proc/stat") }
	l, stop = autoLimiter(context.Background(), fail, nil, 2, 8)
	stop()
	if lim, _ := l.stats(); lim != 2 {
		t.Errorf("without samples limit %d, want the floor 2", lim)
	}
}

func TestLimiterAcquireCancelled(t *testing.T) {
	l := newLimiter(1)
	if err := l.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	if err := l.acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("acquire on a full limiter after cancel: %v", err)
	}
	l.release()
}

// TestJobsOrder: correct-server cells first, then defect by defect, each
// longest scenario first, so runs at once are of different scenarios.
func TestJobsOrder(t *testing.T) {
	short := &scenario.Scenario{Name: "short", Duration: 10 * time.Second}
	long := &scenario.Scenario{Name: "long", Duration: 90 * time.Second}
	var got []string
	for _, j := range jobs(Config{Scenarios: []*scenario.Scenario{short, long}, Defects: []string{"a", "b"}, OutDir: "o"}) {
		got = append(got, j.s.Name+"/"+j.defect)
	}
	want := "long/correct short/correct long/a short/a long/b short/b"
	if strings.Join(got, " ") != want {
		t.Fatalf("jobs = %v, want %s", got, want)
	}
}
