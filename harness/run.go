package harness

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/leak"
	"github.com/hangarhq/hangar/harness/llmctl"
	"github.com/hangarhq/hangar/harness/profile"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// ErrBadInput marks errors in the scenario or options (exit 2).
var ErrBadInput = errors.New("bad input")

// run is one execution of a scenario.
type run struct {
	o       Options
	s       *scenario.Scenario
	api     *profile.Profile
	seed    int64
	launch  string
	caps    launch.Caps
	offHost bool // the target or the fake LLM's listener is off loopback
	defects []string
	log     *slog.Logger

	rec       *recorder
	llm       llmctl.Controller
	llmServer *fakellm.Server // owned, nil when the fake LLM is remote
	// llmContainer is the fake LLM's container (target.llm.launch:
	// container), owned; llmLog holds its output.
	llmContainer *launch.FakeLLMContainer
	llmLog       *os.File
	target       launch.Target
	egress       *egressGuard // owned, nil when the target has none
	egressInfo   *report.Egress
	dataDir      string
	logFile      *os.File

	remote   *leak.Remote
	baseline *leak.Profile
	local    *leak.Local
	live     *liveCheck
	diag     *capturer
	// noEarlyStop keeps the waits going to their own ends even when the
	// verdict is final (tests compare both).
	noEarlyStop bool
	tracker     *tracker
	final       map[string]docState
	listErr     string
	count       *int
	journal     []fakellm.JournalEntry
}

// Run executes the scenario in o and writes its report into o.OutDir. The
// returned report is nil only when nothing could start; the error is a
// harness or input error (errors.Is(err, ErrBadInput) for the latter),
// never an assertion failure: those are in the report.
func Run(ctx context.Context, o Options) (*report.Report, error) {
	r, err := newRun(o)
	if err != nil {
		return nil, err
	}
	rep, runErr := r.execute(ctx)
	if err := report.WriteDir(o.OutDir, rep); err != nil {
		return rep, errors.Join(runErr, fmt.Errorf("write report: %w", err))
	}
	return rep, runErr
}

func newRun(o Options) (*run, error) {
	if o.Scenario == nil || o.OutDir == "" {
		return nil, fmt.Errorf("%w: run needs a scenario and an output directory", ErrBadInput)
	}
	r := &run{o: o, s: o.Scenario, api: o.Scenario.Profile(), seed: o.Scenario.Seed, launch: string(o.Scenario.Target.Server.Launch),
		defects: o.Scenario.Target.Server.Defects, log: o.Logger}
	if o.Seed != nil {
		r.seed = *o.Seed
	}
	if o.Defects != nil {
		r.defects = o.Defects
	}
	if o.TargetURL != "" {
		r.launch = launch.ExternalName
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	l, err := launch.Lookup(r.launch)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadInput, err)
	}
	r.caps = l.Caps()
	if err := r.useVirtual(); err != nil {
		return nil, err
	}
	if err := r.checkRemote(); err != nil {
		return nil, err
	}
	if err := r.checkActions(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *run) newReport(start time.Time) *report.Report {
	rep := &report.Report{
		FormatVersion: report.FormatVersion,
		Scenario: report.ScenarioInfo{Name: r.s.Name, Description: r.s.Description, File: r.s.File,
			Duration: report.Duration(r.s.Duration), Source: string(r.s.Source)},
		Seed:     r.seed,
		Versions: map[string]string{"go": runtime.Version(), "hangar": r.o.Version},
		Target:   report.TargetInfo{Launch: r.launch, Defects: r.defects, Remote: r.offHost},
		Start:    start,
	}
	return rep
}

// execute runs every phase; a harness error is returned and also written
// into the report.
func (r *run) execute(parent context.Context) (*report.Report, error) {
	img, err := r.prepareImage(parent) // before the clock: a build is not the scenario's time
	start := time.Now()
	r.rec = newRecorder(start)
	rep := r.newReport(start)
	r.noteImage(rep, img)
	ctx, cancel := context.WithDeadlineCause(parent, start.Add(r.s.Duration), ErrHardStop)
	defer cancel()
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	r.live = newLiveCheck(r.s.Expect, r.o.FailFast, r.s.Load.Uploads.Count, r.rec, func(cause error) { stop(cause) })
	r.diag = &capturer{r: r, parent: parent}
	r.live.hold = r.diag.holdStop
	if r.o.Metrics != nil {
		r.o.Metrics.RunStarted(r.s.Name, r.seed)
	}

	if err == nil {
		err = r.setup(ctx, rep)
	}
	var ph phases
	if err == nil {
		ph, err = r.driveWatched(ctx)
	}
	ev := r.diag.wait()
	if err == nil {
		ev = r.diagnoseBeforeTeardown(ctx, ph)
	}
	r.teardown(parent)
	rep.Target.Egress = r.egressInfo
	if c := context.Cause(ctx); errors.Is(c, ErrHardStop) {
		r.rec.event(report.Event{At: report.Duration(r.s.Duration), Kind: report.EventPhase, Name: "hard stop",
			Detail: fmt.Sprintf("scenario duration %s reached; unfinished work is reported as such", r.s.Duration), Step: -1})
	}
	rep.End = time.Now()
	if err != nil {
		rep.Error = err.Error()
	}
	r.finish(rep, ph, ev)
	if r.o.Metrics != nil {
		r.o.Metrics.RunEnded(rep.End.Sub(start))
	}
	return rep, err
}

// setup starts the fake LLM and the target and waits for it to be healthy.
func (r *run) setup(ctx context.Context, rep *report.Report) error {
	if err := os.MkdirAll(r.o.OutDir, 0o755); err != nil {
		return fmt.Errorf("out dir: %w", err)
	}
	plan, err := r.startLLM(ctx)
	if err != nil {
		return err
	}
	rep.Target.LLMURL = r.llm.URL() + "/v1"
	name, detail := planName(plan)
	r.rec.fault(false, report.Event{At: 0, Kind: report.EventLLMPlan, Name: name, Detail: "initial plan: " + detail, Step: -1}, len(plan.Rules) > 0)
	if err := r.startTarget(ctx); err != nil {
		return err
	}
	rep.Target.URL = r.target.URL()
	if b, ok := r.target.(launch.Binary); ok {
		rep.Versions["server"] = b.Binary()
	}
	r.rec.event(report.Event{At: r.rec.now(), Kind: report.EventServer, Name: "start",
		Detail: fmt.Sprintf("%s server at %s, defects [%s]", r.launch, r.target.URL(), strings.Join(r.defects, ",")), Step: -1})
	if err := r.awaitHealthy(ctx); err != nil {
		return err
	}
	return r.runSetup(ctx)
}

// startLLM starts the fake LLM in process, or takes control of the one at
// Options.LLMURL, and puts the scenario's initial plan in force.
func (r *run) startLLM(ctx context.Context) (*fakellm.Plan, error) {
	plan := &fakellm.Plan{}
	if p := r.s.Target.LLM.Plan; p != nil {
		var err error
		if plan, err = fakellm.DecodePlanNode(p.Node); err != nil {
			return nil, fmt.Errorf("%w: llm plan: %v", ErrBadInput, err)
		}
	}
	if r.s.Target.LLM.Launch == scenario.LLMContainer {
		return plan, r.startLLMContainer(ctx, plan)
	}
	if r.o.LLMURL != "" {
		r.llm = llmctl.NewRemote(r.o.LLMURL)
		if err := r.llm.SetPlan(ctx, plan); err != nil {
			return nil, fmt.Errorf("fakellm at %s: %w", r.o.LLMURL, err)
		}
		return plan, nil
	}
	ln, err := r.llmListener()
	if err != nil {
		return nil, fmt.Errorf("fakellm: %w", err)
	}
	llm, err := fakellm.New(fakellm.Config{Addr: r.o.LLMAddr, Listener: ln, Seed: r.seed, Plan: plan, Logger: r.log.With("component", "fakellm")})
	if err != nil {
		return nil, fmt.Errorf("fakellm: %w", err)
	}
	if err := llm.Start(); err != nil {
		return nil, fmt.Errorf("fakellm: %w", err)
	}
	r.llmServer, r.llm = llm, llmctl.InProcess{S: llm}
	return plan, nil
}

// teardown stops the target and the fake LLM with a fresh deadline, so a
// hard stop still cleans up.
func (r *run) teardown(parent context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), CleanupTimeout)
	defer cancel()
	if r.target != nil {
		err := r.target.Close(ctx)
		e := report.Event{At: r.rec.now(), Kind: report.EventServer, Name: "stop", Detail: "clean exit", Step: -1}
		if err != nil {
			e.Detail = err.Error()
		}
		r.rec.event(e)
	}
	r.closeEgress(ctx)
	if r.llm != nil {
		j, err := r.llm.Journal(ctx)
		if err != nil {
			r.rec.event(report.Event{At: r.rec.now(), Kind: report.EventNote, Name: "no fake LLM journal", Detail: err.Error(), Step: -1})
		}
		r.journal = j
	}
	if r.llmServer != nil {
		_ = r.llmServer.Close()
	}
	r.closeLLMContainer(ctx)
	if r.logFile != nil {
		_ = r.logFile.Close()
	}
	if r.dataDir != "" {
		_ = os.RemoveAll(r.dataDir)
	}
}
