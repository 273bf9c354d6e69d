package harness

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/diagnose"
	"github.com/hangarhq/hangar/harness/report"
)

// captureSlack is what the capture may take beyond the gap between its
// two dumps: the health probes before each dump (up to
// diagnose.DefaultProbeWindow each, and the last probe's wait, up to
// diagnose.DefaultProbeTimeout), the profile requests, the leak profile and
// the journal (up to diagnose.JournalTimeout).
const captureSlack = 2*diagnose.DefaultProbeWindow + diagnose.DefaultProbeTimeout + diagnose.JournalTimeout + 3*time.Second

// DiagnosisInput is the run data evidence capture needs. It carries no
// defect list and no scenario: the diagnosis must not see them.
type DiagnosisInput struct {
	// AdminURL is the target's admin base URL (pprof), "" when none.
	AdminURL string
	// Journal reads the fake LLM's journal (llmctl.Controller.Journal).
	Journal func(context.Context) ([]fakellm.JournalEntry, error)
	// Open maps the 1-based ordinal of each upload in flight to when it
	// was sent.
	Open map[int]time.Time
	// Start is the run's start; OutDir receives the raw dumps.
	Start  time.Time
	OutDir string
	// Gap is the time between the two dumps (diagnose.DefaultGap when 0).
	Gap time.Duration
	// Client fetches the profiles (diagnose's default when nil).
	Client *http.Client
	// HealthURL is probed with each dump ("" none).
	HealthURL string
	// OtherClients: the target may serve clients besides the run (the
	// launcher only attaches to it); see diagnose.Evidence.OtherClients.
	OtherClients bool
}

// CaptureDiagnosis captures the evidence while the target still runs:
// call it before teardown. What could not be captured is in the
// evidence's Missing list; it never fails the run.
func CaptureDiagnosis(ctx context.Context, in DiagnosisInput) *diagnose.Evidence {
	t := diagnose.Target{PprofURL: in.AdminURL, Journal: in.Journal, Start: in.Start, Dir: in.OutDir, Gap: in.Gap, Client: in.Client,
		HealthURL: in.HealthURL, OtherClients: in.OtherClients}
	for n, at := range in.Open {
		t.Open = append(t.Open, diagnose.OpenUpload{Index: n - 1, Start: at})
	}
	ev, err := diagnose.Capture(ctx, t)
	if err != nil {
		ev.Missing = append(ev.Missing, "raw dumps not kept: "+err.Error())
	}
	return ev
}

// AttachDiagnosis diagnoses a finished report from the evidence captured
// (an early capture and one at the failure, or one): call it after the
// assertions are evaluated. Each capture is diagnosed on its own and the
// findings combined, the more confident per class. A passing report, an
// inconclusive one (nothing failed: there is no failure to explain, and
// the evidence shows a starved harness, not the target) and one with no
// evidence get none.
func AttachDiagnosis(rep *report.Report, evs ...*diagnose.Evidence) {
	if v := rep.Outcome(); v == report.VerdictPass || v == report.VerdictInconclusive {
		return
	}
	var ds []*report.Diagnosis
	for _, ev := range evs {
		if ev == nil {
			continue
		}
		ev.AddReport(rep)
		ds = append(ds, diagnose.Diagnose(ev))
	}
	if len(ds) > 0 {
		rep.Diagnosis = diagnose.Combine(ds...)
	}
}

// captureDiagnosis is CaptureDiagnosis with this run's target, fake LLM,
// start and output directory (sub under it, when not ""); open are the
// uploads in flight.
func (r *run) captureDiagnosis(ctx context.Context, open map[int]time.Time, sub string) *diagnose.Evidence {
	dir := r.o.OutDir
	if sub != "" && dir != "" {
		dir = filepath.Join(dir, sub)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			dir = ""
		}
	}
	in := DiagnosisInput{Open: open, Start: r.rec.start, OutDir: dir, Client: r.diagnosisClient(), OtherClients: r.caps.Attaches()}
	if r.target != nil {
		in.AdminURL = r.target.AdminURL()
		in.HealthURL = r.target.URL() + r.healthPath()
	}
	if r.llm != nil {
		in.Journal = r.llm.Journal
	}
	ev := CaptureDiagnosis(ctx, in)
	if sub != "" {
		for i, f := range ev.Files {
			ev.Files[i] = filepath.ToSlash(filepath.Join(sub, f))
		}
	}
	return ev
}

// capturer takes the diagnosis evidence in the background while the
// target still runs: at most one early capture (an entry's Early check:
// a failure may be coming) and one at the failure, in that order. A run
// that fails after an early capture gets both diagnosed; one that passes
// gets neither.
type capturer struct {
	r      *run
	parent context.Context // the capture outlives the run's own context

	mu   sync.Mutex // guards caps and each capture's ev
	caps []*capture
}

// capture is one evidence capture in progress or done.
type capture struct {
	early bool
	done  chan struct{}
	ev    *diagnose.Evidence
}

// secondDir holds the raw files of a run's second capture.
const secondDir = "diagnosis-2"

// start begins a capture unless one that counts has begun: an early one
// only when none has; one at a failure unless one at a failure has (after
// an early one, it starts once that one is done). The channel closes when
// the capture that stands for this call is in.
func (c *capturer) start(why string, early bool) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	var prev *capture
	if n := len(c.caps); n > 0 {
		prev = c.caps[n-1]
		if early || !prev.early {
			return prev.done
		}
	}
	cp := &capture{early: early, done: make(chan struct{})}
	sub := ""
	if prev != nil {
		sub = secondDir
	}
	c.caps = append(c.caps, cp)
	open := c.r.live.open()
	kind := ""
	if early {
		kind = "early "
	}
	c.r.phase("diagnosis", "capturing "+kind+"evidence from the running target: "+why)
	go func() {
		defer close(cp.done)
		if prev != nil {
			<-prev.done
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.parent), diagnose.DefaultGap+captureSlack)
		defer cancel()
		ev := c.r.captureDiagnosis(ctx, open, sub)
		c.mu.Lock()
		cp.ev = ev
		c.mu.Unlock()
	}()
	return cp.done
}

// started reports whether a capture has begun; atFailure whether one at a
// failure has.
func (c *capturer) started() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.caps) > 0
}

func (c *capturer) atFailure() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.ContainsFunc(c.caps, func(cp *capture) bool { return !cp.early })
}

// wait returns the evidence of every capture begun, once all are in.
func (c *capturer) wait() []*diagnose.Evidence {
	c.mu.Lock()
	caps := slices.Clone(c.caps)
	c.mu.Unlock()
	var evs []*diagnose.Evidence
	for _, cp := range caps {
		<-cp.done
		c.mu.Lock()
		evs = append(evs, cp.ev)
		c.mu.Unlock()
	}
	return evs
}

// holdStop is the live check's hook before a fail-fast stop: when the
// tripped entry asks for diagnosis, the stop waits for the capture, so the
// dumps see the target under the load that failed it.
func (c *capturer) holdStop(name string) <-chan struct{} {
	if d, ok := assert.Lookup(name); ok && d.Diagnose {
		return c.start("fail-fast on "+name, false)
	}
	return nil
}

// watch asks the registry every watchEvery whether an entry that asks for
// diagnosis is failing now, and starts the capture at the first yes; until
// then, whether one may be coming, for an early capture. It returns when
// ctx ends or a capture at a failure has begun.
func (c *capturer) watch(ctx context.Context) {
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for !c.atFailure() {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		in := c.r.live.input()
		in.Series = c.r.rec.seriesCopy()
		_, in.LastAnswered = c.r.rec.counts()
		in.Tripped = c.r.live.trippedOn()
		if name, failing := assert.FailingNow(in); failing {
			c.start(name+" is failing", false)
			return
		}
		if !c.started() {
			if name, early := assert.EarlyNow(in); early {
				c.start(name+" may fail", true)
			}
		}
	}
}

// watchEvery is how often the capturer asks whether to capture.
const watchEvery = 250 * time.Millisecond

// diagnoseBeforeTeardown returns the evidence: the capture begun while
// driving, or one begun now when the run so far asks for it (the hard stop
// came with uploads unanswered, the live check tripped on an entry that
// asks for diagnosis, or such an entry fails on what was recorded). ctx is
// the run's context (its cause tells a hard stop). A passing run returns
// nil at once.
func (r *run) diagnoseBeforeTeardown(ctx context.Context, ph phases) []*diagnose.Evidence {
	if !r.diag.atFailure() && r.target != nil {
		if why := r.diagnosisReason(ctx, ph); why != "" {
			r.diag.start(why, false)
		}
	}
	return r.diag.wait()
}

// diagnosisReason says why evidence is wanted, "" when it is not.
func (r *run) diagnosisReason(ctx context.Context, ph phases) string {
	if errors.Is(context.Cause(ctx), ErrHardStop) {
		if n := r.unanswered(); n > 0 {
			return fmt.Sprintf("hard stop with %d uploads unanswered", n)
		}
	}
	rep := &report.Report{Start: r.rec.start, End: time.Now()}
	r.rec.fill(rep)
	r.applyListed(rep)
	if assert.WantsDiagnosis(r.input(rep, ph)) {
		if t := r.live.trippedOn(); t != "" {
			return "fail-fast on " + t
		}
		return "an assertion that asks for diagnosis fails on what was recorded"
	}
	return ""
}

// unanswered counts the uploads in flight or ended without an answer.
func (r *run) unanswered() int {
	n := len(r.live.open())
	r.rec.mu.Lock()
	defer r.rec.mu.Unlock()
	for _, u := range r.rec.uploads {
		if u.Status == 0 {
			n++
		}
	}
	return n
}

// driveWatched is drive with the capturer watching for the moment to
// capture evidence.
func (r *run) driveWatched(ctx context.Context) (phases, error) {
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r.diag.watch(wctx) }()
	defer func() { stop(); wg.Wait() }()
	return r.drive(ctx)
}
