package diagnose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hangarhq/hangar/fakellm"
)

// Defaults for Target.
const (
	// DefaultGap is the time between the two goroutine dumps: long enough
	// that a goroutine at the same stack in both is blocked, not passing.
	DefaultGap = 3 * time.Second
	// DefaultStuck is the wait from which a rule calls a call stuck.
	DefaultStuck = 5 * time.Second
	// RequestTimeout bounds one profile request.
	RequestTimeout = 10 * time.Second
	// JournalTimeout bounds the read of the fake LLM's journal.
	JournalTimeout = 2 * time.Second
)

// Raw evidence files written into Target.Dir.
const (
	DumpFile1 = "goroutines-1.txt"
	DumpFile2 = "goroutines-2.txt"
	LeakFile  = "goroutineleak.txt"
)

// Target says where the evidence is.
type Target struct {
	// PprofURL is the target's admin base URL (…/debug/pprof lives
	// under it); "" when it has none.
	PprofURL string
	// Journal reads the fake LLM's request journal; nil when there is no
	// fake LLM to ask (llmctl.Controller's Journal fits).
	Journal func(context.Context) ([]fakellm.JournalEntry, error)
	// Open are the uploads sent and not answered when Capture is called;
	// the evidence has them open at its At, the first dump (AddReport
	// then redoes the open set from the run's record, at the same At).
	Open []OpenUpload
	// Start is the run's start: journal and upload times are made
	// relative to it. Required.
	Start time.Time
	// Dir receives the raw dumps; "" keeps them in memory only.
	Dir string
	// Gap is the time between the two dumps (DefaultGap when 0); Stuck
	// the wait from which a call counts as stuck (DefaultStuck when 0).
	Gap   time.Duration
	Stuck time.Duration
	// Client fetches the profiles (a client with RequestTimeout when nil).
	Client *http.Client
	// HealthURL, when set, is probed just before each dump, so a dump
	// taken while the target is slow to answer its health check shows
	// where that check waits; such a probe is given up on after
	// ProbeTimeout (DefaultProbeTimeout when 0).
	HealthURL    string
	ProbeTimeout time.Duration
	// ProbeHead and ProbeWindow (DefaultProbeHead, DefaultProbeWindow when
	// 0): how long a probe may take to count as answered at once, and how
	// long the capture keeps probing before a dump for one that is not.
	ProbeHead   time.Duration
	ProbeWindow time.Duration
	// OtherClients: the target may serve clients besides the run (the
	// harness only attaches to it); see Evidence.OtherClients.
	OtherClients bool
}

// OpenUpload is an upload in flight: its 0-based index and when it was sent.
type OpenUpload struct {
	Index int
	Start time.Time
}

// Capture takes two goroutine dumps Gap apart, the leak profile and the
// fake LLM's journal, and records the open uploads. What cannot be had is
// listed in Evidence.Missing; the error is only about writing the raw
// files into Dir (the evidence is returned either way).
func Capture(ctx context.Context, t Target) (*Evidence, error) {
	t = t.withDefaults()
	ev := &Evidence{Gap: t.Gap, Stuck: t.Stuck, Leaked: -1, OtherClients: t.OtherClients}
	var raws [2]string
	var dumps [2]*Dump
	probed2 := func() {}
	if t.PprofURL == "" {
		ev.At = time.Since(t.Start) // no dump: the capture is now
		ev.missing("goroutine profile", "the target has no pprof URL")
	} else {
		var probed func()
		var at time.Time
		dumps[0], raws[0], at, probed = t.probedDump(ctx, ev)
		ev.At = at.Sub(t.Start)
		defer func() { probed(); probed2() }() // in dump order, before ev is returned
	}
	t.journal(ctx, ev)
	t.open(ev)
	if dumps[0] != nil {
		if err := sleep(ctx, t.Gap); err != nil {
			ev.missing("second goroutine dump", err.Error())
		} else {
			var at time.Time
			dumps[1], raws[1], at, probed2 = t.probedDump(ctx, ev)
			if dumps[1] != nil {
				ev.SecondAt = at.Sub(t.Start)
			}
		}
		t.leak(ctx, ev)
	}
	ev.setDumps(dumps[0], dumps[1], t.Gap)
	return ev, t.write(ev, raws)
}

// Health probes sent with the dumps: the dump waits DefaultProbeHead for a
// probe to come back (a healthy target answers well within it), sends one
// every ProbeSpacing for up to DefaultProbeWindow until one does not, and a
// probe is given up on after DefaultProbeTimeout.
const (
	DefaultProbeHead    = 20 * time.Millisecond
	DefaultProbeWindow  = time.Second
	ProbeSpacing        = 25 * time.Millisecond
	DefaultProbeTimeout = 2 * time.Second
)

// probedDump takes a dump with a health probe out, when there is a
// HealthURL: probes are sent one after another for up to ProbeWindow
// until one has not answered within ProbeHead (a target whose health check
// queues behind work answers some probes at once and keeps others
// waiting), and the dump is taken then, or after the last. It returns
// when the dump was asked for, after the probing; the returned func waits
// for the probe out and records it in ev.DumpProbes; call it before ev is
// read.
func (t Target) probedDump(ctx context.Context, ev *Evidence) (*Dump, string, time.Time, func()) {
	if t.HealthURL == "" {
		at := time.Now()
		d, raw := t.dump(ctx, ev)
		return d, raw, at, func() {}
	}
	var (
		res      DumpProbe
		sent     time.Time
		done     chan DumpProbe
		cancel   context.CancelFunc = func() {}
		answered bool
	)
	until := time.Now().Add(t.ProbeWindow)
	for try := 0; try == 0 || time.Now().Before(until); try++ {
		if try > 0 {
			if sleep(ctx, ProbeSpacing) != nil {
				break
			}
		}
		cancel()
		var pctx context.Context
		pctx, cancel = context.WithTimeout(ctx, t.ProbeTimeout)
		sent, done = time.Now(), make(chan DumpProbe, 1)
		go func(ctx context.Context, sent time.Time, done chan<- DumpProbe) { done <- t.probe(ctx, sent) }(pctx, sent, done)
		head := time.NewTimer(t.ProbeHead)
		select {
		case res = <-done:
			answered = true
		case <-head.C:
			answered = false
		}
		head.Stop()
		if !answered {
			break
		}
	}
	at := time.Now()
	d, raw := t.dump(ctx, ev)
	return d, raw, at, func() {
		defer cancel()
		if !answered {
			res = <-done
			res.Pending = true
		}
		res.At = sent.Sub(t.Start)
		ev.DumpProbes = append(ev.DumpProbes, res)
	}
}

func (t Target) probe(ctx context.Context, sent time.Time) DumpProbe {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.HealthURL, nil)
	if err != nil {
		return DumpProbe{}
	}
	resp, err := t.Client.Do(req)
	if err != nil {
		return DumpProbe{Latency: time.Since(sent)}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return DumpProbe{Latency: time.Since(sent), OK: resp.StatusCode < 400, Answered: true}
}

func (t Target) withDefaults() Target {
	if t.Gap <= 0 {
		t.Gap = DefaultGap
	}
	if t.Stuck <= 0 {
		t.Stuck = DefaultStuck
	}
	if t.ProbeTimeout <= 0 {
		t.ProbeTimeout = DefaultProbeTimeout
	}
	if t.ProbeHead <= 0 {
		t.ProbeHead = DefaultProbeHead
	}
	if t.ProbeWindow <= 0 {
		t.ProbeWindow = DefaultProbeWindow
	}
	if t.Client == nil {
		t.Client = &http.Client{Timeout: RequestTimeout, Transport: &http.Transport{DisableKeepAlives: true}}
	}
	if t.Start.IsZero() {
		t.Start = time.Now()
	}
	return t
}

func (e *Evidence) missing(what, why string) { e.Missing = append(e.Missing, what+": "+why) }

// setDumps derives the waiters from the dumps read (one or two).
func (e *Evidence) setDumps(first, second *Dump, gap time.Duration) {
	switch {
	case second != nil:
		e.Dumps, e.Goroutines, e.Earlier = 2, Waiters(first, second, gap), Waiters(nil, first, 0)
	case first != nil:
		e.Dumps, e.Goroutines = 1, Waiters(nil, first, 0)
	}
}

func (t Target) dump(ctx context.Context, ev *Evidence) (*Dump, string) {
	body, err := t.get(ctx, "/debug/pprof/goroutine?debug=2")
	if err != nil {
		ev.missing("goroutine profile", err.Error())
		return nil, ""
	}
	d, err := ParseDump(bytes.NewReader(body))
	if err != nil {
		ev.missing("goroutine profile", err.Error())
		return nil, string(body)
	}
	return d, string(body)
}

func (t Target) leak(ctx context.Context, ev *Evidence) {
	body, err := t.get(ctx, "/debug/pprof/goroutineleak?debug=1")
	if err != nil {
		ev.missing("goroutine leak profile", err.Error())
		return
	}
	ev.Leaked = leakCount(string(body))
	if t.Dir != "" {
		if err := writeFile(filepath.Join(t.Dir, LeakFile), body); err == nil {
			ev.Files = append(ev.Files, LeakFile)
		}
	}
}

// leakCount reads the total from a debug=1 profile's first line
// ("goroutineleak profile: total 3").
func leakCount(s string) int {
	first, _, _ := strings.Cut(s, "\n")
	var n int
	if _, err := fmt.Sscanf(first[strings.LastIndex(first, "total")+len("total"):], "%d", &n); err != nil {
		return 0
	}
	return n
}

func (t Target) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(t.PprofURL, "/")+path, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	resp, err := t.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxDumpSize))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	return b, nil
}

func (t Target) journal(ctx context.Context, ev *Evidence) {
	if t.Journal == nil {
		ev.missing("fake LLM journal", "no fake LLM to ask")
		return
	}
	// A frozen fake LLM (a paused container) never answers: bounded here,
	// its silence costs the capture JournalTimeout, not the second dump.
	jctx, cancel := context.WithTimeout(ctx, JournalTimeout)
	defer cancel()
	asked := time.Now()
	j, err := t.Journal(jctx)
	if err != nil {
		ev.missing("fake LLM journal", err.Error())
		return
	}
	ev.LLM = Requests(j, t.Start, asked)
}

func (t Target) open(ev *Evidence) {
	for _, o := range t.Open {
		s := o.Start.Sub(t.Start)
		ev.Uploads = append(ev.Uploads, Upload{Index: o.Index, Start: s, Latency: ev.At - s, Open: true})
	}
}

// write keeps the raw dumps in the run directory.
func (t Target) write(ev *Evidence, raws [2]string) error {
	if t.Dir == "" {
		return nil
	}
	var errs []error
	for i, name := range []string{DumpFile1, DumpFile2} {
		if raws[i] == "" {
			continue
		}
		if err := writeFile(filepath.Join(t.Dir, name), []byte(raws[i])); err != nil {
			errs = append(errs, err)
			continue
		}
		ev.Files = append(ev.Files, name)
	}
	return errors.Join(errs...)
}

func writeFile(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("diagnose: %w", err)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// Requests converts journal entries, making times relative to start; an
// entry still in flight has lasted until now (none, when it was journaled
// after now).
func Requests(j []fakellm.JournalEntry, start, now time.Time) []LLMRequest {
	out := make([]LLMRequest, 0, len(j))
	for _, e := range j {
		r := LLMRequest{Seq: e.Seq, Endpoint: e.Endpoint, Start: e.Time.Sub(start), Status: e.Status, Action: e.Action,
			Ending: e.Ending, Stream: e.Stream, Done: e.Done, Bytes: e.BytesSent, Retry: -1, Body: e.BodyCRC,
			Duration: time.Duration(e.DurationMS * float64(time.Millisecond)), InFlight: e.Ending == fakellm.EndInFlight}
		if r.InFlight {
			r.Duration = max(now.Sub(e.Time), 0)
		}
		if e.RetryCount != nil {
			r.Retry = *e.RetryCount
		}
		out = append(out, r)
	}
	return out
}
