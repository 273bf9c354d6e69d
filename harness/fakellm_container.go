// The run's use of a containerised fake LLM (target.llm.launch: container):
// starting it, controlling it, removing it. launch.FakeLLMContainer is the
// launcher of that container.

package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

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
// through the engine. A started container is a new process with no plan:
// Do(Start) puts the plan in force again, as a restarted LLM keeps its
// configuration.
type containerLLM struct {
	*llmctl.Remote
	c *launch.FakeLLMContainer

	mu   sync.Mutex // guards plan
	plan *fakellm.Plan
}

// SetPlan puts p in force and remembers it for a restart.
func (c *containerLLM) SetPlan(ctx context.Context, p *fakellm.Plan) error {
	if err := c.Remote.SetPlan(ctx, p); err != nil {
		return err
	}
	c.mu.Lock()
	c.plan = p
	c.mu.Unlock()
	return nil
}

// Do applies a container action; after Start the plan is set again.
func (c *containerLLM) Do(ctx context.Context, a launch.Action) error {
	if err := c.c.Do(ctx, a); err != nil {
		return err
	}
	if a != launch.Start {
		return nil
	}
	c.mu.Lock()
	p := c.plan
	c.mu.Unlock()
	if err := c.Remote.SetPlan(ctx, p); err != nil {
		return fmt.Errorf("llm start: plan again: %w", err)
	}
	return nil
}

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
	c, err := launch.LaunchFakeLLMContainer(ctx, launch.FakeLLMSpec{Seed: r.seed, Log: logf, Bin: r.o.ServerBin})
	if err != nil {
		return fmt.Errorf("fakellm: %w", err)
	}
	r.llmContainer = c
	cl := &containerLLM{Remote: llmctl.NewRemote(c.URL()), c: c}
	r.llm = cl
	r.rec.event(report.Event{At: r.rec.now(), Kind: eventLLM, Name: "start",
		Detail: fmt.Sprintf("fake LLM container at %s on network %s (alias %s)", c.URL(), c.Network(), launch.LLMAlias), Step: -1})
	if err := cl.SetPlan(ctx, plan); err != nil {
		return fmt.Errorf("fakellm container: %w", err)
	}
	return nil
}

// closeLLMContainer removes the fake LLM container and its network.
func (r *run) closeLLMContainer(ctx context.Context) {
	if r.llmContainer != nil {
		if rc, ok := r.llm.(*containerLLM); ok {
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
