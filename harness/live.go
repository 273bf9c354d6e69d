package harness

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/load"
	"github.com/hangarhq/hangar/harness/probe"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// liveCheck watches probes and uploads as they happen for assertions that
// have certainly failed. With fail-fast on, the first such failure stops the
// run (the final evaluation still measures everything recorded).
type liveCheck struct {
	e        scenario.Expect
	failFast bool
	rec      *recorder
	stop     func(error)

	mu       sync.Mutex // guards failures, tripped, inflight
	failures int
	tripped  string
	inflight map[int]time.Time // upload ordinal → sent at
}

// started records an upload as in flight.
func (l *liveCheck) started(n int, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inflight == nil {
		l.inflight = map[int]time.Time{}
	}
	l.inflight[n] = at
}

// watch trips uploads.answered_within as soon as an upload in flight is
// older than the bound, instead of when its client timeout ends it. It
// returns when ctx is done.
func (l *liveCheck) watch(ctx context.Context) {
	x := l.e.Uploads
	if !l.failFast || x == nil || x.AnsweredWithin <= 0 {
		return
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if n, age := l.oldest(now); age > x.AnsweredWithin {
				l.trip(report.AssertUploadsAnsweredWithin, fmt.Sprintf("upload %d still unanswered after %s", n, age.Round(time.Millisecond)))
				return
			}
		}
	}
}

func (l *liveCheck) oldest(now time.Time) (int, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, age := 0, time.Duration(0)
	for k, at := range l.inflight {
		if a := now.Sub(at); a > age {
			n, age = k, a
		}
	}
	return n, age
}

func newLiveCheck(e scenario.Expect, failFast bool, rec *recorder, stop func(error)) *liveCheck {
	return &liveCheck{e: e, failFast: failFast, rec: rec, stop: stop}
}

func (l *liveCheck) probe(p probe.HealthResult) {
	h := l.e.Health
	if h == nil {
		return
	}
	l.mu.Lock()
	if !p.OK {
		l.failures++
	}
	n := l.failures
	l.mu.Unlock()
	switch {
	case h.Max > 0 && (p.Latency > h.Max || (!p.OK && p.Latency >= h.Max)):
		l.trip(report.AssertHealthMax, fmt.Sprintf("health probe took %s (%s)", p.Latency, orOK(p.Error)))
	case h.Failures != nil && n > *h.Failures:
		l.trip(report.AssertHealthFailures, fmt.Sprintf("%d failed health probes (%s)", n, p.Error))
	}
}

func orOK(s string) string {
	if s == "" {
		return "ok"
	}
	return s
}

func (l *liveCheck) upload(u load.Result) {
	l.mu.Lock()
	delete(l.inflight, u.Ordinal)
	l.mu.Unlock()
	x := l.e.Uploads
	if x == nil {
		return
	}
	switch {
	case x.AnsweredWithin > 0 && (u.Status == 0 || u.Latency > x.AnsweredWithin):
		l.trip(report.AssertUploadsAnsweredWithin, fmt.Sprintf("upload %d: status %d after %s %s", u.Ordinal, u.Status, u.Latency, u.Error))
	case len(x.Status) > 0 && u.Status != 0 && !slices.Contains(x.Status, u.Status):
		l.trip(report.AssertUploadsStatus, fmt.Sprintf("upload %d: status %d %s", u.Ordinal, u.Status, u.Error))
	}
}

func (l *liveCheck) trip(name, detail string) {
	if !l.failFast {
		return
	}
	l.mu.Lock()
	first := l.tripped == ""
	if first {
		l.tripped = name
	}
	l.mu.Unlock()
	if !first {
		return
	}
	l.rec.event(report.Event{At: l.rec.now(), Kind: report.EventPhase, Name: "fail-fast: " + name, Detail: detail, Step: -1})
	l.stop(fmt.Errorf("fail-fast: %s failed: %s", name, detail))
}

// trippedOn names the assertion that stopped the run, "" if none did.
func (l *liveCheck) trippedOn() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tripped
}

// failed counts failed probes so far.
func (l *liveCheck) failed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failures
}
