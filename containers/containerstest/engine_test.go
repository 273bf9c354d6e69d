package containerstest

import (
	"errors"
	"fmt"
	"testing"
)

// recorder is a testing.TB that records Skipf and Fatalf instead of
// stopping the goroutine.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Skipf(f string, a ...any)  { r.skipped = fmt.Sprintf(f, a...) }
func (r *recorder) Fatalf(f string, a ...any) { r.failed = fmt.Sprintf(f, a...) }

func TestGate(t *testing.T) {
	down := errors.New("dial unix /var/run/docker.sock: connect: no such file or directory")
	tests := []struct {
		name               string
		err                error
		required           bool
		wantSkip, wantFail string
	}{
		{name: "engine answers"},
		{name: "engine answers, required", required: true},
		{name: "no engine: skip with the reason", err: down,
			wantSkip: "container tests skipped: no container engine answered (dial unix /var/run/docker.sock: connect: no such file or directory); set HANGAR_REQUIRE_DOCKER=1 to fail instead"},
		{name: "no engine, required: fail", err: down, required: true,
			wantFail: "container engine required (HANGAR_REQUIRE_DOCKER=1) but none answered: dial unix /var/run/docker.sock: connect: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			gate(r, tt.err, tt.required)
			if r.skipped != tt.wantSkip || r.failed != tt.wantFail {
				t.Errorf("skip %q fail %q, want skip %q fail %q", r.skipped, r.failed, tt.wantSkip, tt.wantFail)
			}
		})
	}
}
