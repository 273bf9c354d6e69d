package harness

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/diagnose"
	"github.com/hangarhq/hangar/harness/report"
)

// captureSlack is what the capture may take beyond the gap between its
// two dumps: the health probes before each dump (up to
// diagnose.ProbeWindow each), the profile requests, the leak profile and
// the journal (up to diagnose.JournalTimeout).
const captureSlack = 2*diagnose.ProbeWindow + diagnose.JournalTimeout + 3*time.Second

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
}

// CaptureDiagnosis captures the evidence while the target still runs:
// call it before teardown. What could not be captured is in the
// evidence's Missing list; it never fails the run.
func CaptureDiagnosis(ctx context.Context, in DiagnosisInput) *diagnose.Evidence {
	t := diagnose.Target{PprofURL: in.AdminURL, Journal: in.Journal, Start: in.Start, Dir: in.OutDir, Gap: in.Gap, Client: in.Client,
		HealthURL: in.HealthURL}
	for n, at := range in.Open {
		t.Open = append(t.Open, diagnose.OpenUpload{Index: n - 1, Start: at})
	}
	ev, err := diagnose.Capture(ctx, t)
	if err != nil {
		ev.Missing = append(ev.Missing, "raw dumps not kept: "+err.Error())
	}
	return ev
}

// AttachDiagnosis diagnoses a finished report from ev: call it after the
// assertions are evaluated. A passing report (or nil evidence) gets none.
func AttachDiagnosis(rep *report.Report, ev *diagnose.Evidence) {
	if ev == nil || rep.Outcome() == report.VerdictPass {
		return
	}
	ev.AddReport(rep)
	rep.Diagnosis = diagnose.Diagnose(ev)
}

// captureDiagnosis is CaptureDiagnosis with this run's target, fake LLM,
// start and output directory; open are the uploads in flight.
func (r *run) captureDiagnosis(ctx context.Context, open map[int]time.Time) *diagnose.Evidence {
	in := DiagnosisInput{Open: open, Start: r.rec.start, OutDir: r.o.OutDir, Client: r.diagnosisClient()}
	if r.target != nil {
		in.AdminURL = r.target.AdminURL()
		in.HealthURL = r.target.URL() + r.healthPath()
	}
	if r.llm != nil {
		in.Journal = r.llm.Journal
	}
	return CaptureDiagnosis(ctx, in)
}

// capturer takes the diagnosis evidence once, in the background, at the
// first moment the run asks for it, while the target still runs.
type capturer struct {
	r      *run
	parent context.Context // the capture outlives the run's own context

	mu   sync.Mutex // guards done, ev
	done chan struct{}
	ev   *diagnose.Evidence
}

// start begins the capture unless it has begun; the channel closes when
// the evidence is in.
func (c *capturer) start(why string) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		return c.done
	}
	c.done = make(chan struct{})
	open := c.r.live.open()
	c.r.phase("diagnosis", "capturing evidence from the running target: "+why)
	go func() {
		defer close(c.done)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.parent), diagnose.DefaultGap+captureSlack)
		defer cancel()
		ev := c.r.captureDiagnosis(ctx, open)
		c.mu.Lock()
		c.ev = ev
		c.mu.Unlock()
	}()
	return c.done
}

func (c *capturer) started() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done != nil
}

// wait returns the evidence once captured, nil when no capture began.
func (c *capturer) wait() *diagnose.Evidence {
	c.mu.Lock()
	done := c.done
	c.mu.Unlock()
	if done == nil {
		return nil
	}
	<-done
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ev
}

// holdStop is the live check's hook before a fail-fast stop: when the
// tripped entry asks for diagnosis, the stop waits for the capture, so the
// dumps see the target under the load that failed it.
func (c *capturer) holdStop(name string) <-chan struct{} {
	if d, ok := assert.Lookup(name); ok && d.Diagnose {
		return c.start("fail-fast on " + name)
	}
	return nil
}

// watch asks the registry every watchEvery whether an entry that asks for
// diagnosis is failing now, and starts the capture at the first yes. It
// returns when ctx ends or the capture has begun.
func (c *capturer) watch(ctx context.Context) {
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for !c.started() {
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
			c.start(name + " is failing")
			return
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
func (r *run) diagnoseBeforeTeardown(ctx context.Context, ph phases) *diagnose.Evidence {
	if !r.diag.started() && r.target != nil {
		if why := r.diagnosisReason(ctx, ph); why != "" {
			r.diag.start(why)
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
