package launch

import (
	"strings"
	"testing"
)

func TestServerEnv(t *testing.T) {
	got := serverEnv([]string{"PATH=/bin", "HANGAR_DEFECTS=batch-barrier", "HOME=/root", "HANGAR_REQUEST_BUDGET=1h"},
		map[string]string{"HANGAR_LOG_LEVEL": "debug", "B": "2", "A": "1"})
	want := []string{"PATH=/bin", "HOME=/root", "A=1", "B=2", "HANGAR_LOG_LEVEL=debug"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("serverEnv = %q, want %q", got, want)
	}
}
