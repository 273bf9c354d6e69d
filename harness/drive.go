package harness

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/corpus"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/leak"
	"github.com/hangarhq/hangar/harness/load"
	"github.com/hangarhq/hangar/harness/probe"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// phases carries what drive learned to the evaluation.
type phases struct {
	leak        *leak.Finding
	leakErr     string
	leakSkipped string
}

// drive runs the measured part: baseline, probes, timeline, load, drain,
// leak check.
func (r *run) drive(ctx context.Context) (phases, error) {
	src, err := r.source()
	if err != nil {
		return phases{}, err
	}
	if err := r.takeBaseline(ctx); err != nil {
		return phases{}, err
	}
	r.resourceSnapshot(ctx, "before load")
	pr := r.startProbes(ctx)
	defer pr.close()
	tctx, stopTimeline := context.WithCancel(ctx)
	tl := r.startTimeline(tctx)
	defer func() { stopTimeline(); tl.wait() }()
	if err := r.runLoad(ctx, src, tl); err != nil {
		return phases{}, err
	}
	wctx, fw := r.watchFinal(ctx, tl) // the waits end early once the verdict is final
	defer fw.close()
	select { // timed steps still to come (a fault that clears later)
	case <-tl.done():
	case <-wctx.Done():
	}
	r.awaitDrain(wctx, pr.tracker)
	r.awaitRecovery(wctx)
	fw.close()
	stopTimeline() // steps not fired yet never will: the run's verdict is final
	tl.wait()
	r.reconcile(ctx, pr.tracker)
	pr.close()
	ph := r.checkLeaks(ctx)
	r.resourceSnapshot(ctx, "after drain")
	return ph, nil
}

func (r *run) startTimeline(ctx context.Context) *timeline {
	ap := &stepApplier{steps: r.s.Timeline, llm: r.llm, target: func() launch.Target { return r.target }, rec: r.rec,
		logf: func(f string, a ...any) { r.log.Info(fmt.Sprintf(f, a...)) }}
	tl := newTimeline(r.s.Timeline, ap.apply)
	tl.start(ctx, r.rec.start)
	return tl
}

// runLoad drives the uploads through the timeline's gate, with the
// fail-fast watch on uploads in flight.
func (r *run) runLoad(ctx context.Context, src load.Source, tl *timeline) error {
	wctx, stopWatch := context.WithCancel(ctx)
	var watch sync.WaitGroup
	watch.Add(1)
	go func() { defer watch.Done(); r.live.watch(wctx) }()
	defer func() { stopWatch(); watch.Wait() }()
	r.phase(assert.PhaseLoadStart, "")
	cfg := r.loadConfig()
	cfg.OnStart = r.live.started
	sum, err := load.Run(ctx, cfg, src, tl, func(u load.Result) {
		n := r.rec.upload(u)
		r.live.upload(u)
		if r.o.Metrics != nil {
			r.o.Metrics.Upload(u.Status, u.Error)
		}
		tl.answered(ctx, n)
	})
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	r.phase("load done", fmt.Sprintf("%d sent, p50 %s, p99 %s, max %s, statuses %v", sum.Sent, sum.P50, sum.P99, sum.Max, sum.Statuses))
	return nil
}

func (r *run) phase(name, detail string) {
	r.rec.event(report.Event{At: r.rec.now(), Kind: report.EventPhase, Name: name, Detail: detail, Step: -1})
}

func (r *run) source() (load.Source, error) {
	u := r.s.Load.Uploads
	var cs corpus.Source
	if u.Corpus.Kind == scenario.CorpusDir {
		d, err := corpus.NewDir(u.Corpus.Dir)
		if err != nil {
			return nil, fmt.Errorf("%w: corpus: %v", ErrBadInput, err)
		}
		cs = d
	} else {
		cs = corpus.NewGenerator(rand.New(rand.NewPCG(uint64(r.seed), 0x68616e676172)), int(u.Size))
	}
	return load.SourceFunc(func(i int) (load.Doc, error) {
		d, err := cs.Doc(i)
		return load.Doc{Title: d.Title, Filename: d.Filename, Category: d.Category, Content: d.Content}, err
	}), nil
}

func (r *run) loadConfig() load.Config {
	u := r.s.Load.Uploads
	c := load.Config{URL: r.target.URL(), Count: u.Count, Interval: u.Interval, Concurrency: u.Concurrency, Timeout: u.Timeout,
		Profile: r.api, Launch: r.launchVars().Lookup, Seed: r.seed, Dial: r.dial()}
	if !u.Rate.IsZero() {
		c.Interval = u.Rate.Interval()
	}
	return c
}

// awaitHealthy polls each of the target's health paths until it answers
// healthy, in turn.
func (r *run) awaitHealthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeoutCause(ctx, DefaultReadyTimeout,
		fmt.Errorf("server at %s not healthy within %s", r.target.URL(), DefaultReadyTimeout))
	defer cancel()
	for _, path := range r.readyPaths() {
		if err := r.awaitPath(ctx, path); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) awaitPath(ctx context.Context, path string) error {
	h := probe.NewHealth(probe.HealthConfig{URL: r.target.URL() + path, Timeout: time.Second, Status: r.api.Health.Status, Dial: r.dial()}, nil)
	defer h.Close()
	for {
		res := h.Probe(ctx)
		if res.OK {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (last probe: %s)", context.Cause(ctx), res.Error)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// takeBaseline records the goroutines before load when leaks are checked.
func (r *run) takeBaseline(ctx context.Context) error {
	if !assert.ChecksLeaks(r.s.Expect) {
		return nil
	}
	switch {
	case r.caps.Leaks == launch.LeakGoleak:
		r.local = leak.Snapshot()
	case r.pprofURL() != "":
		r.remote = leak.NewRemote(r.pprofURL())
		// Two snapshots a moment apart: goroutines mid-flight in one (the
		// startup path, the readiness probe's connection) do not count as
		// new after the drain.
		var snaps []*leak.Profile
		for i := 0; i < 2; i++ {
			if i > 0 {
				select {
				case <-ctx.Done():
					return context.Cause(ctx)
				case <-time.After(250 * time.Millisecond):
				}
			}
			p, err := r.remote.Goroutines(ctx)
			if err != nil {
				return fmt.Errorf("leak baseline: %w", err)
			}
			snaps = append(snaps, p)
		}
		r.baseline = leak.Baseline(snaps...)
	}
	return nil
}

// checkLeaks runs the leak check after everything the harness holds open
// to the target is closed.
func (r *run) checkLeaks(ctx context.Context) phases {
	var ph phases
	if !assert.ChecksLeaks(r.s.Expect) {
		return ph
	}
	if tripped := r.live.trippedOn(); tripped != "" {
		ph.leakSkipped = "run stopped early (fail-fast on " + tripped + ")"
		return ph
	}
	settle := r.o.LeakSettle
	if settle <= 0 {
		settle = assert.LeakSettle(r.s.Expect)
	}
	if settle <= 0 {
		settle = DefaultLeakSettle
	}
	switch {
	case r.local != nil:
		f := r.local.Check()
		ph.leak = &f
	case r.remote != nil:
		// The check gets its own deadline so a hard stop still measures.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settle+5*time.Second)
		defer cancel()
		f, err := r.remote.Check(cctx, r.baseline, settle, 200*time.Millisecond)
		if err != nil {
			ph.leakErr = err.Error()
		} else {
			ph.leak = &f
		}
	default:
		ph.leakSkipped = "the external target has no admin endpoint to read goroutines from"
	}
	return ph
}
