package load

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/hangarhq/hangar/harness/profile"
)

// errNotSent marks a hit vegeta asked for that was never sent (the run
// stopped while the upload waited at the gate).
var errNotSent = errors.New("upload not sent")

// targeter turns corpus documents into vegeta targets, one request per
// call rendered from the profile, and remembers when each upload really
// started (after the gate let it through) and what it was rendered from.
type targeter struct {
	ctx  context.Context
	cfg  Config
	src  Source
	gate Gate

	mu      sync.Mutex // guards next, started, vars, err
	next    int
	started map[int]time.Time
	vars    map[int]profile.Vars
	err     error
}

func newTargeter(ctx context.Context, cfg Config, src Source, gate Gate) *targeter {
	return &targeter{ctx: ctx, cfg: cfg, src: src, gate: gate,
		started: map[int]time.Time{}, vars: map[int]profile.Vars{}}
}

// target is a vegeta.Targeter.
func (t *targeter) target(tgt *vegeta.Target) error {
	t.mu.Lock()
	t.next++
	n := t.next
	t.mu.Unlock()
	if err := t.gate.Wait(t.ctx, n); err != nil {
		return errNotSent
	}
	doc, err := t.src.Doc(n - 1)
	var v profile.Vars
	if err == nil {
		v = t.varsFor(n, doc)
		err = t.fill(tgt, n, v)
	}
	if err != nil {
		t.fail(fmt.Errorf("upload %d: %w", n, err))
		return errNotSent
	}
	now := time.Now()
	t.mu.Lock()
	t.started[n] = now
	t.vars[n] = v
	t.mu.Unlock()
	if t.cfg.OnStart != nil {
		t.cfg.OnStart(n, now)
	}
	return nil
}

func (t *targeter) varsFor(n int, d Doc) profile.Vars {
	return profile.Vars{Launch: t.cfg.Launch, Doc: &profile.Doc{Ordinal: n, Title: d.Title, Text: string(d.Content),
		Category: d.Category, Filename: d.Filename, UUID: profile.DocUUID(t.cfg.Seed, n)}}
}

// fill renders upload n's request; the ordinal rides in a query parameter
// so the answer can be matched to it.
func (t *targeter) fill(tgt *vegeta.Target, n int, v profile.Vars) error {
	b, err := t.cfg.Profile.IngestRequest(t.cfg.URL, v, boundaryFor(n))
	if err != nil {
		return err
	}
	sep := "?"
	if strings.Contains(b.URL, "?") {
		sep = "&"
	}
	tgt.Method = b.Method
	tgt.URL = b.URL + sep + OrdinalParam + "=" + strconv.Itoa(n)
	tgt.Body = b.Body
	tgt.Header = b.Header
	return nil
}

func (t *targeter) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err == nil {
		t.err = err
	}
}

func (t *targeter) firstErr() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// ordinal recovers the upload ordinal from a result's URL; ok is false for
// hits that were never sent.
func (t *targeter) ordinal(res *vegeta.Result) (n int, start time.Time, v profile.Vars, ok bool) {
	if res.Method == "" {
		return 0, time.Time{}, v, false
	}
	u, err := url.Parse(res.URL)
	if err != nil {
		return 0, time.Time{}, v, false
	}
	n, err = strconv.Atoi(u.Query().Get(OrdinalParam))
	if err != nil {
		return 0, time.Time{}, v, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	start, ok = t.started[n]
	return n, start, t.vars[n], ok
}

// pacer starts upload k (0-based) no earlier than k*interval after the
// attack began, stops after count uploads or when ctx is done.
type pacer struct {
	ctx      context.Context
	count    uint64
	interval time.Duration
}

func (p pacer) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if hits >= p.count || p.ctx.Err() != nil {
		return 0, true
	}
	due := time.Duration(hits) * p.interval
	if due <= elapsed {
		return 0, false
	}
	return due - elapsed, false
}

// Rate reports the pacer's nominal rate in uploads per second (0: as fast
// as concurrency allows).
func (p pacer) Rate(time.Duration) float64 {
	if p.interval <= 0 {
		return 0
	}
	return float64(time.Second) / float64(p.interval)
}

// boundaryFor gives upload ordinal n a fixed multipart boundary, so bodies
// are reproducible byte for byte.
func boundaryFor(n int) string { return fmt.Sprintf("hangar-upload-%08d", n) }
