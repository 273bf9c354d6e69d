package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server"
)

func TestApplyArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		check   func(c server.Config) bool
		wantErr string
	}{
		{"durations and pools", []string{"--llm-attempt-timeout=2s", "--llm-request-pool=2", "--cascade-lease=8s"},
			func(c server.Config) bool {
				return c.LLM.AttemptTimeout == 2*time.Second && c.LLM.RequestPoolSize == 2 &&
					c.Cascade.Lease == 8*time.Second && c.Cascade.WatchdogInterval == 2*time.Second
			}, ""},
		{"no defects flag keeps the given defects", []string{"--max-concurrent-uploads=4"},
			func(c server.Config) bool { return c.MaxConcurrentUploads == 4 && len(c.Defects) == 1 }, ""},
		{"defects flag", []string{"--defects=batch-barrier"},
			func(c server.Config) bool { return len(c.Defects) == 1 && c.Defects[0] == "batch-barrier" }, ""},
		{"unknown flag", []string{"--no-such-flag"}, nil, "flag provided but not defined"},
		{"bad value", []string{"--request-budget=soon"}, nil, "invalid value"},
		{"unknown defect", []string{"--defects=nope"}, nil, `unknown defect "nope"`},
		{"positional", []string{"extra"}, nil, "unexpected arguments: extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := server.DefaultConfig()
			c.Defects = []string{server.DefectNoLLMDeadline}
			err := server.ApplyArgs(&c, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !tt.check(c) {
				t.Fatalf("ApplyArgs(%q): %v, config not as expected", tt.args, err)
			}
		})
	}
}

func FuzzApplyArgs(f *testing.F) {
	f.Add("--llm-attempt-timeout=2s --defects=batch-barrier")
	f.Add("--cascade-lease=-1s x")
	f.Fuzz(func(t *testing.T, s string) {
		c := server.DefaultConfig()
		if err := server.ApplyArgs(&c, strings.Fields(s)); err == nil && c.Cascade.WatchdogInterval != c.Cascade.Lease/4 {
			t.Fatalf("watchdog %s does not follow lease %s", c.Cascade.WatchdogInterval, c.Cascade.Lease)
		}
	})
}
