package load

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// errNotSent marks a hit vegeta asked for that was never sent (the run
// stopped while the upload waited at the gate).
var errNotSent = errors.New("upload not sent")

// targeter turns corpus documents into vegeta targets, one distinct
// multipart body per call, and remembers when each upload really started
// (after the gate let it through).
type targeter struct {
	ctx  context.Context
	cfg  Config
	src  Source
	gate Gate

	mu      sync.Mutex // guards next, started, titles, err
	next    int
	started map[int]time.Time
	titles  map[int]string
	err     error
}

func newTargeter(ctx context.Context, cfg Config, src Source, gate Gate) *targeter {
	return &targeter{ctx: ctx, cfg: cfg, src: src, gate: gate,
		started: map[int]time.Time{}, titles: map[int]string{}}
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
	if err == nil {
		err = t.fill(tgt, n, doc)
	}
	if err != nil {
		t.fail(fmt.Errorf("upload %d: %w", n, err))
		return errNotSent
	}
	now := time.Now()
	t.mu.Lock()
	t.started[n] = now
	t.titles[n] = doc.Title
	t.mu.Unlock()
	if t.cfg.OnStart != nil {
		t.cfg.OnStart(n, now)
	}
	return nil
}

func (t *targeter) fill(tgt *vegeta.Target, n int, doc Doc) error {
	body, ctype, err := encodeUpload(doc, t.cfg.Fields, boundaryFor(n))
	if err != nil {
		return err
	}
	tgt.Method = http.MethodPost
	tgt.URL = t.cfg.URL + UploadPath + "?" + OrdinalParam + "=" + strconv.Itoa(n)
	tgt.Body = body
	tgt.Header = http.Header{"Content-Type": {ctype}}
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
func (t *targeter) ordinal(res *vegeta.Result) (n int, start time.Time, title string, ok bool) {
	if res.Method == "" {
		return 0, time.Time{}, "", false
	}
	u, err := url.Parse(res.URL)
	if err != nil {
		return 0, time.Time{}, "", false
	}
	n, err = strconv.Atoi(u.Query().Get(OrdinalParam))
	if err != nil {
		return 0, time.Time{}, "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	start, ok = t.started[n]
	return n, start, t.titles[n], ok
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
