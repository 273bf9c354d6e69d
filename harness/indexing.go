package harness

import (
	"context"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/probe"
	"github.com/hangarhq/hangar/harness/profile"
)

// Progress sources, as the report names them.
const (
	sourceMetrics  = "server metrics "
	sourceList     = "list endpoint"
	sourceCount    = "count endpoint"
	sourceDocument = "document endpoint"
)

// tracker turns the target's state (a metrics series when the profile
// names one and the metrics have it, else the list, count or document
// source polled) into the indexing series.
type tracker struct {
	rec   *recorder
	st    *stater
	onIdx func(indexed int)

	mu      sync.Mutex // guards polling, lastErr, doneAt
	polling string     // the polled source, "" while the series is used
	lastErr string
	// doneAt is when each document was first seen done by a poll.
	doneAt map[string]time.Time

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newTracker(rec *recorder, st *stater, onIdx func(int)) *tracker {
	return &tracker{rec: rec, st: st, onIdx: onIdx, doneAt: map[string]time.Time{}}
}

// pollSource is the source polled when there is no series: list, count,
// then document.
func (t *tracker) pollSource() string {
	s := t.st.p.State
	switch {
	case s.List != nil:
		return sourceList
	case s.Count != nil:
		return sourceCount
	case s.Document != nil:
		return sourceDocument
	}
	return ""
}

// fromSamples records a point from a server scrape; a scrape without the
// series starts polling instead.
func (t *tracker) fromSamples(ctx context.Context, ss []probe.Sample) {
	series := t.st.p.State.Series
	if series == nil {
		return
	}
	c, ok := series.Counts(ss)
	if !ok {
		t.startPoll(ctx)
		return
	}
	if t.isPolling() {
		return
	}
	at := time.Now()
	for _, s := range ss {
		if s.Name == series.Metric {
			at = s.At
		}
	}
	// Outstanding also counts accepted documents the gauge (refreshed on the
	// worker's poll) does not show yet.
	p := assert.Point{At: t.rec.since(at), Indexed: c.Done,
		Outstanding: max(c.Working, len(t.rec.accepted())-c.Done-c.Failed)}
	t.rec.point(p)
	t.onIdx(p.Indexed)
}

func (t *tracker) isPolling() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.polling != ""
}

// startPoll polls the profile's list, count or document source (once;
// nothing when it has none).
func (t *tracker) startPoll(ctx context.Context) {
	src := t.pollSource()
	t.mu.Lock()
	if t.polling != "" || src == "" {
		t.mu.Unlock()
		return
	}
	t.polling = src
	ctx, t.cancel = context.WithCancel(ctx)
	t.mu.Unlock()
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		tick := time.NewTicker(t.st.p.State.Poll)
		defer tick.Stop()
		for {
			t.poll(ctx, src)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

func (t *tracker) poll(ctx context.Context, src string) {
	ids := t.rec.accepted()
	var docs map[string]docState
	var err error
	switch src {
	case sourceCount:
		var n int
		if n, err = t.st.count(ctx); err == nil {
			p := assert.Point{At: t.rec.now(), Indexed: n, Outstanding: max(len(ids)-n, 0)}
			t.rec.point(p)
			t.onIdx(p.Indexed)
		} else {
			t.setErr(err)
		}
		return
	case sourceList:
		docs, err = t.st.list(ctx)
	default:
		docs, err = t.st.documents(ctx, t.notDone(ids))
	}
	if err != nil {
		t.setErr(err)
		return
	}
	p := assert.Point{At: t.rec.now()}
	for _, id := range ids {
		ph, ok := docs[id].Phase, true
		if _, seen := docs[id]; !seen && src == sourceDocument {
			ph, ok = profile.Done, t.wasDone(id)
		}
		switch {
		case ok && ph == profile.Done:
			p.Indexed++
			t.markDone(id)
		case ok && ph == profile.Failed:
		default:
			p.Outstanding++
		}
	}
	t.rec.point(p)
	t.onIdx(p.Indexed)
}

// notDone are the ids not yet seen done (the document source asks only
// for those).
func (t *tracker) notDone(ids []string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, id := range ids {
		if _, ok := t.doneAt[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

func (t *tracker) wasDone(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.doneAt[id]
	return ok
}

func (t *tracker) markDone(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.doneAt[id]; !ok {
		t.doneAt[id] = time.Now()
	}
}

// firstDone is when id was first seen done, zero when never.
func (t *tracker) firstDone(id string) time.Time {
	if t == nil {
		return time.Time{}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.doneAt[id]
}

func (t *tracker) setErr(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lastErr = err.Error()
}

func (t *tracker) source() (string, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.polling != "" {
		return t.polling, t.lastErr
	}
	if s := t.st.p.State.Series; s != nil {
		return sourceMetrics + s.Metric, t.lastErr
	}
	return "", t.lastErr
}

func (t *tracker) close() {
	t.mu.Lock()
	cancel := t.cancel
	t.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	t.wg.Wait()
	t.st.close()
}

// drained reports whether every accepted document reached a terminal
// state, by the latest reading. The reading must be strictly later than
// the last answer: one taken at the same instant (the rule in virtual
// time, where instants repeat) may predate that answer's document.
func (t *tracker) drained() bool {
	p, ok := t.rec.lastPoint()
	return ok && p.Outstanding == 0 && p.At > t.rec.lastAnsweredAt()
}
