package scenario

import "slices"

// Limits on container resources; beyond them a value is surely a mistake.
const (
	MaxCPUs   = 64
	MinMemory = 16 * MiB
)

// resources checks target.server.resources (only container launches
// accept the key: validator.accepted).
func (v *validator) resources() {
	const base = "target.server.resources"
	r := v.s.Target.Server.Resources
	switch {
	case r == nil:
		return
	case !v.given(base+".cpus") && !v.given(base+".memory"):
		v.errf(base, "nothing to limit: give cpus, memory or both")
	}
	if v.given(base+".cpus") && (r.CPUs <= 0 || r.CPUs > MaxCPUs) {
		v.errf(base+".cpus", "must be above 0 and at most %d, got %v", MaxCPUs, r.CPUs)
	}
	if v.given(base+".memory") && r.Memory < MinMemory {
		v.errf(base+".memory", "must be at least %s, got %s", MinMemory, r.Memory)
	}
}

// llmLaunch checks target.llm.launch.
func (v *validator) llmLaunch() {
	if l := v.s.Target.LLM.Launch; !slices.Contains(LLMLaunches, l) {
		v.errf("target.llm.launch", "unknown launch %q (want one of %s)", l, joinQuoted(LLMLaunches))
	}
}

// containerStep checks a step's llm and network actions: both need the
// fake LLM in a container.
func (v *validator) containerStep(path string, st *Step) {
	inContainer := v.s.Target.LLM.Launch == LLMContainer
	switch {
	case st.LLM == "":
	case !slices.Contains(LLMActions, st.LLM):
		v.errf(path+".llm", "unknown action %q (want one of %s)", st.LLM, joinQuoted(LLMActions))
	case !inContainer:
		v.errf(path+".llm", "llm %s needs the fake LLM in a container (target.llm.launch: container)", st.LLM)
	}
	switch {
	case st.Network == "":
	case !slices.Contains(NetworkActions, st.Network):
		v.errf(path+".network", "unknown action %q (want one of %s)", st.Network, joinQuoted(NetworkActions))
	case !inContainer:
		v.errf(path+".network", "network %s needs the fake LLM in a container (target.llm.launch: container)", st.Network)
	}
}

// hasAction reports whether a step does anything.
func (st *Step) hasAction() bool {
	return st.LLMPlan != nil || st.Server != "" || st.LLM != "" || st.Network != ""
}
