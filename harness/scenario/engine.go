package scenario

import "github.com/hangarhq/hangar/harness/launch"

// NeedsContainerEngine reports whether running s needs a container engine:
// its server launcher runs the hangar image (launch.Caps.Image) or its fake
// LLM runs in a container. `hangar chaos` and `hangar chaos-containers`
// split the shipped scenarios by it.
func (s *Scenario) NeedsContainerEngine() bool {
	if l, err := launch.Lookup(string(s.Target.Server.Launch)); err == nil && l.Caps().Image {
		return true
	}
	return s.Target.LLM.Launch == LLMContainer
}
