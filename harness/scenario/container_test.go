package scenario

import (
	"reflect"
	"testing"
	"time"

	"github.com/hangarhq/hangar/harness/launch"
)

// TestLoadContainer: server resources, the fake LLM launched in a
// container, and every llm and network action, as decoded.
func TestLoadContainer(t *testing.T) {
	s, err := Load("testdata/valid-container.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Target.Server.Resources, (&ServerResources{CPUs: 0.25, Memory: 128 * MiB}); !reflect.DeepEqual(got, want) {
		t.Errorf("resources = %+v, want %+v", got, want)
	}
	if s.Target.LLM.Launch != LLMContainer {
		t.Errorf("llm launch = %q, want %q", s.Target.LLM.Launch, LLMContainer)
	}
	want := []Step{
		{At: ptr(time.Second), LLM: launch.Pause, Line: 9},
		{At: ptr(2 * time.Second), LLM: launch.Resume, Line: 10},
		{AfterUploads: ptr(2), Network: launch.Disconnect, Line: 11},
		{AfterUploads: ptr(3), Network: launch.Connect, LLM: launch.Stop, Line: 12},
		{At: ptr(3 * time.Second), LLM: launch.Start, Server: launch.Kill, Line: 13},
	}
	if !reflect.DeepEqual(s.Timeline, want) {
		t.Errorf("timeline =\n%+v\nwant\n%+v", s.Timeline, want)
	}
}

// TestLLMLaunchDefault: a scenario that does not say runs the fake LLM in
// process.
func TestLLMLaunchDefault(t *testing.T) {
	s, err := Load("testdata/valid-minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Target.LLM.Launch != DefaultLLMLaunch || s.Target.Server.Resources != nil {
		t.Errorf("llm launch %q, resources %+v; want %q and none", s.Target.LLM.Launch, s.Target.Server.Resources, DefaultLLMLaunch)
	}
}
