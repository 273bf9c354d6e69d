package statusline

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		give Snapshot
		want string
	}{
		{"start", Snapshot{Scenario: "seed-316", Planned: 20},
			"seed-316   0.0s  uploads 0/20  indexed 0  health p99 0s  faults 0"},
		{"mid run", Snapshot{Scenario: "seed-316", Elapsed: 12300 * time.Millisecond, Answered: 7, Planned: 20,
			Statuses: map[int]int{201: 5, 503: 1, 0: 1}, Indexed: 4, HealthP99: 3210 * time.Microsecond, HealthFailed: 2, Faults: 1},
			"seed-316  12.3s  uploads 7/20 (err×1 201×5 503×1)  indexed 4  health p99 3.2ms (2 failed)  faults 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.give); got != tt.want {
				t.Fatalf("Format =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestPrinterForms(t *testing.T) {
	for _, tty := range []bool{false, true} {
		var buf syncBuf
		p := Start(&buf, tty, time.Hour, func() Snapshot { return Snapshot{Scenario: "x", Planned: 1} })
		p.Close()
		out := buf.String()
		if tty != strings.HasPrefix(out, "\r\033[K") || !strings.HasSuffix(out, "\n") || !strings.Contains(out, "uploads 0/1") {
			t.Errorf("tty=%v output %q", tty, out)
		}
	}
	if IsTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is not a terminal")
	}
}
