package harness

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/llmctl"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// timeline applies the scenario's steps: by time on its own goroutine, and
// "after N uploads" from the load driver's answer callback. It is also the
// load Gate: upload N+1 waits until every step after N uploads is applied,
// so a fault lands on the same upload in every run.
type timeline struct {
	steps []scenario.Step
	apply func(ctx context.Context, i int) // applies step i; serialised by applying

	// applying serialises apply. A channel, not the mutex: a step may take
	// time (a restart), and goroutines blocked on a channel let a virtual
	// clock (testing/synctest) advance where ones blocked on a mutex do not.
	applying chan struct{}
	mu       sync.Mutex // guards applied, changed
	applied  []bool
	changed  chan struct{} // closed and replaced whenever a step is applied
	wg       sync.WaitGroup
	timeDone chan struct{}
}

func newTimeline(steps []scenario.Step, apply func(context.Context, int)) *timeline {
	return &timeline{steps: steps, apply: apply, applied: make([]bool, len(steps)),
		changed: make(chan struct{}), timeDone: make(chan struct{}), applying: make(chan struct{}, 1)}
}

// run applies i, once, and wakes waiters.
func (t *timeline) run(ctx context.Context, i int) {
	t.applying <- struct{}{}
	defer func() { <-t.applying }()
	t.mu.Lock()
	done := t.applied[i]
	t.mu.Unlock()
	if done {
		return
	}
	t.apply(ctx, i)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.applied[i] = true
	close(t.changed)
	t.changed = make(chan struct{})
}

// answered is called with the number of uploads answered so far.
func (t *timeline) answered(ctx context.Context, n int) {
	for _, i := range t.afterSteps() {
		if *t.steps[i].AfterUploads == n {
			t.run(ctx, i)
		}
	}
}

func (t *timeline) afterSteps() []int {
	var idx []int
	for i, s := range t.steps {
		if s.AfterUploads != nil {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return *t.steps[idx[a]].AfterUploads < *t.steps[idx[b]].AfterUploads })
	return idx
}

// Wait implements load.Gate: upload n may go once every step "after k
// uploads" with k < n has been applied.
func (t *timeline) Wait(ctx context.Context, n int) error {
	for {
		t.mu.Lock()
		ready, ch := true, t.changed
		for i, s := range t.steps {
			if s.AfterUploads != nil && *s.AfterUploads < n && !t.applied[i] {
				ready = false
			}
		}
		t.mu.Unlock()
		if ready {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// start applies "after 0 uploads" steps now and the timed steps on a
// goroutine at start+At; done() is closed when every timed step ran.
func (t *timeline) start(ctx context.Context, start time.Time) {
	t.answered(ctx, 0)
	var timed []int
	for i, s := range t.steps {
		if s.At != nil {
			timed = append(timed, i)
		}
	}
	sort.SliceStable(timed, func(a, b int) bool { return *t.steps[timed[a]].At < *t.steps[timed[b]].At })
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		defer close(t.timeDone)
		for _, i := range timed {
			timer := time.NewTimer(time.Until(start.Add(*t.steps[i].At)))
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			}
			t.run(ctx, i)
		}
	}()
}

func (t *timeline) done() <-chan struct{} { return t.timeDone }

// left is the number of steps not applied yet.
func (t *timeline) left() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, a := range t.applied {
		if !a {
			n++
		}
	}
	return n
}

func (t *timeline) wait() { t.wg.Wait() }

// stepApplier applies steps to the fake LLM and the target, recording
// events.
type stepApplier struct {
	steps  []scenario.Step
	llm    llmctl.Controller
	target func() launch.Target
	rec    *recorder
	logf   func(format string, args ...any)
}

func (a *stepApplier) apply(ctx context.Context, i int) {
	s := a.steps[i]
	if s.LLMPlan != nil {
		a.applyPlan(ctx, i, s)
	}
	if s.Server != "" {
		a.applyServer(ctx, i, s)
	}
	if s.LLM != "" {
		a.applyLLM(ctx, i, s, eventLLM, s.LLM)
	}
	if s.Network != "" {
		a.applyLLM(ctx, i, s, eventNetwork, s.Network)
	}
}

// applyLLM applies an action to the fake LLM container. Pause, stop and
// disconnect open an LLM-side fault; resume, start and connect close it.
func (a *stepApplier) applyLLM(ctx context.Context, i int, s scenario.Step, kind report.EventKind, act launch.Action) {
	at := a.rec.now()
	e := report.Event{At: at, Kind: kind, Name: string(act), Step: i}
	err := fmt.Errorf("%s %s: the fake LLM is not in a container: %w", kind, act, launch.ErrUnsupported)
	if c, ok := a.llm.(llmActor); ok {
		err = c.Do(ctx, act)
	}
	if err != nil {
		e.Name, e.Detail = string(act)+" failed", err.Error()
		a.rec.event(e)
		a.logf("%s step %d (line %d): %s %s failed: %v", at, i+1, s.Line, kind, act, err)
		return
	}
	e.Detail = fmt.Sprintf("done after %s", a.rec.now()-at)
	a.rec.fault(false, e, act == launch.Pause || act == launch.Stop || act == launch.Disconnect)
	a.logf("%s step %d (line %d): %s %s", at, i+1, s.Line, kind, act)
}

func (a *stepApplier) applyPlan(ctx context.Context, i int, s scenario.Step) {
	at := a.rec.now()
	p, err := fakellm.DecodePlanNode(s.LLMPlan.Node)
	if err == nil {
		err = a.llm.SetPlan(ctx, p)
	}
	if err != nil {
		a.rec.event(report.Event{At: at, Kind: report.EventNote, Name: "plan change failed", Detail: err.Error(), Step: i})
		return
	}
	name, detail := planName(p)
	a.rec.fault(false, report.Event{At: at, Kind: report.EventLLMPlan, Name: name, Detail: detail, Step: i}, len(p.Rules) > 0)
	a.logf("%s step %d (line %d): %s", at, i+1, s.Line, name)
}

func planName(p *fakellm.Plan) (name, detail string) {
	if len(p.Rules) == 0 {
		return "plan cleared", "no rules: every request answered normally"
	}
	var names, kinds []string
	for _, r := range p.Rules {
		names = append(names, r.Name)
		kinds = append(kinds, fmt.Sprintf("%s: %s on %s", r.Name, r.Action.Kind, r.Match.Endpoint))
	}
	return "plan: " + strings.Join(names, ", "), strings.Join(kinds, "; ")
}

func (a *stepApplier) applyServer(ctx context.Context, i int, s scenario.Step) {
	at := a.rec.now()
	act := s.Server
	err := a.target().Do(ctx, act)
	e := report.Event{At: at, Kind: report.EventServer, Name: string(act), Step: i}
	if err != nil {
		e.Name, e.Detail = string(act)+" failed", err.Error()
		a.rec.event(e)
		a.logf("%s step %d (line %d): %s failed: %v", at, i+1, s.Line, act, err)
		return
	}
	e.Detail = fmt.Sprintf("done after %s", a.rec.now()-at)
	switch act {
	case launch.Kill, launch.Pause:
		a.rec.fault(true, e, true)
	default:
		a.rec.fault(true, e, false)
	}
	a.logf("%s step %d (line %d): server %s", at, i+1, s.Line, act)
}
