package module

import (
	"context"
	"errors"
	"testing"
)

// TestPortTaken: a start that failed because a picked port was taken is
// told from other failures by the engine's message (published ports); a
// container's own log is read only when there is a container.
func TestPortTaken(t *testing.T) {
	tests := []struct {
		err  string
		want bool
	}{
		{"start container: Bind for 127.0.0.1:41234 failed: port is already allocated", true},
		{"listen tcp 127.0.0.1:41234: bind: address already in use", true},
		{"wait until ready: container is exited (exit code 3)", false},
		{"pull access denied", false},
	}
	for _, tt := range tests {
		t.Run(tt.err, func(t *testing.T) {
			if got := portTaken(context.Background(), nil, errors.New(tt.err)); got != tt.want {
				t.Fatalf("portTaken(%q) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
