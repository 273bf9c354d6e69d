package scenario

import (
	"testing"

	"github.com/hangarhq/hangar/harness/launch"
)

func TestNeedsContainerEngine(t *testing.T) {
	tests := []struct {
		name   string
		server Launch
		llm    LLMLaunch
		want   bool
	}{
		{name: "subprocess, llm in process", server: "subprocess", llm: LLMInprocess, want: false},
		{name: "inprocess, llm in process", server: "inprocess", llm: LLMInprocess, want: false},
		{name: "external", server: launch.ExternalName, llm: LLMInprocess, want: false},
		{name: "server in a container", server: "container", llm: LLMInprocess, want: true},
		{name: "llm in a container", server: "subprocess", llm: LLMContainer, want: true},
		{name: "unknown launcher", server: "nope", llm: LLMInprocess, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Scenario{Target: Target{Server: Server{Launch: tt.server}, LLM: LLM{Launch: tt.llm}}}
			if got := s.NeedsContainerEngine(); got != tt.want {
				t.Errorf("NeedsContainerEngine() = %v, want %v", got, tt.want)
			}
		})
	}
}
