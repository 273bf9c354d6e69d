package harness

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/load"
	"github.com/hangarhq/hangar/harness/probe"
	"github.com/hangarhq/hangar/harness/report"
)

// liveCheck asks the stated assertions' Live checks, as probes and uploads
// happen and on a tick, whether one has certainly failed. With fail-fast
// on, the first such failure stops the run (the final evaluation still
// measures everything recorded).
type liveCheck struct {
	e       assert.Expect
	on      bool // fail-fast, and a stated entry can trip
	planned int
	rec     *recorder
	stop    func(error)
	// hold, when set, is asked before a fail-fast stop; the stop waits for
	// the channel it returns (nil: stop at once).
	hold func(name string) <-chan struct{}

	mu       sync.Mutex // guards tripped, inflight
	tripped  string
	inflight map[int]time.Time // upload ordinal → sent at
}

func newLiveCheck(e assert.Expect, failFast bool, planned int, rec *recorder, stop func(error)) *liveCheck {
	return &liveCheck{e: e, on: failFast && assert.CanTrip(e), planned: planned, rec: rec, stop: stop}
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

// open returns a copy of the uploads in flight: ordinal → sent at.
func (l *liveCheck) open() map[int]time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[int]time.Time, len(l.inflight))
	for n, at := range l.inflight {
		out[n] = at
	}
	return out
}

// watch checks every 100ms, so an upload in flight past its bound trips
// before its client timeout ends it. It returns when ctx is done.
func (l *liveCheck) watch(ctx context.Context) {
	if !l.on {
		return
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if l.check() {
				return
			}
		}
	}
}

func (l *liveCheck) probe(probe.HealthResult) { l.check() }

func (l *liveCheck) upload(u load.Result) {
	l.mu.Lock()
	delete(l.inflight, u.Ordinal)
	l.mu.Unlock()
	l.check()
}

// check trips on the first stated entry that certainly failed; it reports
// whether the run is tripped.
func (l *liveCheck) check() bool {
	if !l.on || l.trippedOn() != "" {
		return true
	}
	if name, detail, failed := assert.Trip(l.input()); failed {
		l.trip(name, detail)
		return true
	}
	return false
}

// input is the view of the run so far the Live checks read.
func (l *liveCheck) input() *assert.Input {
	rep := &report.Report{}
	l.rec.fillLive(rep)
	in := &assert.Input{R: rep, Expect: l.e, Planned: l.planned, Now: l.rec.now(), Series: l.rec.seriesCopy()}
	l.mu.Lock()
	for n, at := range l.inflight {
		in.InFlight = append(in.InFlight, assert.Open{Ordinal: n, Start: l.rec.since(at)})
	}
	l.mu.Unlock()
	sort.Slice(in.InFlight, func(i, j int) bool { return in.InFlight[i].Ordinal < in.InFlight[j].Ordinal })
	return in
}

func (l *liveCheck) trip(name, detail string) {
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
	err := fmt.Errorf("fail-fast: %s failed: %s", name, detail)
	if l.hold != nil {
		if wait := l.hold(name); wait != nil {
			go func() { <-wait; l.stop(err) }()
			return
		}
	}
	l.stop(err)
}

// trippedOn names the assertion that stopped the run, "" if none did.
func (l *liveCheck) trippedOn() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tripped
}
