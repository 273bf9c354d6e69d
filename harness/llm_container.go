package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/llmctl"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// Event kinds of the fake LLM container's timeline actions.
const (
	eventLLM     report.EventKind = "llm"     // pause, resume, stop, start
	eventNetwork report.EventKind = "network" // disconnect, connect
)

// llmActor is a fake LLM controller that can also take container actions.
type llmActor interface {
	Do(ctx context.Context, a launch.Action) error
}

// containerLLM controls the fake LLM in a container: its plan and journal
// through the published port (llmctl.Remote), its container and network
// through the engine.
type containerLLM struct {
	*llmctl.Remote
	c *launch.LLMContainer
}

func (c containerLLM) Do(ctx context.Context, a launch.Action) error { return c.c.Do(ctx, a) }

// checkLLMLaunch refuses a container fake LLM together with --llm-url.
func (r *run) checkLLMLaunch() error {
	if r.s.Target.LLM.Launch == scenario.LLMContainer && r.o.LLMURL != "" {
		return fmt.Errorf("%w: %s:%d: target.llm.launch: container starts its own fake LLM; --llm-url %s names another",
			ErrBadInput, r.s.File, r.s.Pos("target.llm.launch").Line, r.o.LLMURL)
	}
	return nil
}

// startLLMContainer starts the fake LLM in a container (its output in
// fakellm.log) and puts plan in force through its admin API.
func (r *run) startLLMContainer(ctx context.Context, plan *fakellm.Plan) error {
	logf, err := os.Create(filepath.Join(r.o.OutDir, "fakellm.log"))
	if err != nil {
		return fmt.Errorf("fakellm log: %w", err)
	}
	r.llmLog = logf
	c, err := launch.LaunchLLMContainer(ctx, launch.LLMSpec{Seed: r.seed, Log: logf})
	if err != nil {
		return fmt.Errorf("fakellm: %w", err)
	}
	r.llmContainer = c
	remote := llmctl.NewRemote(c.URL())
	r.llm = containerLLM{Remote: remote, c: c}
	r.rec.event(report.Event{At: r.rec.now(), Kind: eventLLM, Name: "start",
		Detail: fmt.Sprintf("fake LLM container at %s on network %s (alias %s)", c.URL(), c.Network(), launch.LLMAlias), Step: -1})
	if err := remote.SetPlan(ctx, plan); err != nil {
		return fmt.Errorf("fakellm container: %w", err)
	}
	return nil
}

// closeLLMContainer removes the fake LLM container and its network.
func (r *run) closeLLMContainer(ctx context.Context) {
	if r.llmContainer != nil {
		if rc, ok := r.llm.(containerLLM); ok {
			rc.CloseIdleConnections()
		}
		e := report.Event{At: r.rec.now(), Kind: eventLLM, Name: "stop", Detail: "container and network removed", Step: -1}
		if err := r.llmContainer.Close(ctx); err != nil {
			e.Detail = err.Error()
		}
		r.rec.event(e)
	}
	if r.llmLog != nil {
		_ = r.llmLog.Close()
	}
}
