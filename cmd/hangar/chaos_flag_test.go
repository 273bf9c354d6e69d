package main

import (
	"testing"

	"github.com/hangarhq/hangar/harness/matrix"
)

func TestParallelFlag(t *testing.T) {
	tests := []struct {
		in   string
		want parallelFlag
		ok   bool
	}{
		{"auto", matrix.Auto, true},
		{"3", 3, true},
		{"0", 0, false},
		{"-1", 0, false},
		{"x", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := parallelFlag(7)
			err := p.Set(tt.in)
			if (err == nil) != tt.ok || tt.ok && p != tt.want {
				t.Fatalf("Set(%q) = %v, %v", tt.in, p, err)
			}
			if tt.ok && p.String() != tt.in {
				t.Errorf("String() = %q, want %q", p.String(), tt.in)
			}
		})
	}
}
