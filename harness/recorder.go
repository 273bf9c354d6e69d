package harness

import (
	"sort"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/load"
	"github.com/hangarhq/hangar/harness/probe"
	"github.com/hangarhq/hangar/harness/report"
)

// recorder collects everything a run observes, from several goroutines.
type recorder struct {
	start time.Time

	mu       sync.Mutex // guards every field below
	uploads  []report.Upload
	probes   []report.Probe
	samples  []report.Sample
	events   []report.Event
	series   []assert.Point
	answered int
	last     report.Duration // last upload answered
	openPlan int             // index into events of the open plan fault, -1 none
	openSrv  int             // index of the open server fault (pause/kill), -1 none
}

func newRecorder(start time.Time) *recorder {
	return &recorder{start: start, openPlan: -1, openSrv: -1}
}

func (r *recorder) since(t time.Time) report.Duration { return report.Duration(t.Sub(r.start)) }

func (r *recorder) now() report.Duration { return r.since(time.Now()) }

// upload records an answered upload and returns how many are answered.
func (r *recorder) upload(u load.Result) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.uploads = append(r.uploads, report.Upload{Index: u.Ordinal - 1, Start: r.since(u.Start),
		Latency: report.Duration(u.Latency), Status: u.Status, Accepted: u.Accepted, DocID: u.DocID, Error: u.Error,
		Title: u.Title, Bytes: u.BytesOut})
	r.answered++
	r.last = max(r.last, r.since(u.End()))
	return r.answered
}

func (r *recorder) probe(name string, p probe.HealthResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.probes = append(r.probes, report.Probe{Name: name, At: r.since(p.At), Latency: report.Duration(p.Latency),
		OK: p.OK, Status: p.Status, Error: p.Error, Delay: report.Duration(p.Delay)})
}

func (r *recorder) addSamples(ss []probe.Sample) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range ss {
		if probe.Keep(s) {
			r.samples = append(r.samples, report.Sample{At: r.since(s.At), Target: s.Target, Name: s.Name,
				Labels: s.Labels, Value: s.Value})
		}
	}
}

func (r *recorder) point(p assert.Point) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.series = append(r.series, p)
}

func (r *recorder) event(e report.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// fault opens a fault event of a kind (plan or server), closing the open
// one of that kind; open=false only closes.
func (r *recorder) fault(server bool, e report.Event, open bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	slot := &r.openPlan
	if server {
		slot = &r.openSrv
	}
	if *slot >= 0 {
		r.events[*slot].End = e.At
		*slot = -1
	}
	if open {
		e.Fault = true
		*slot = len(r.events)
	}
	r.events = append(r.events, e)
}

// faultsActive counts open faults.
func (r *recorder) faultsActive() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	if r.openPlan >= 0 {
		n++
	}
	if r.openSrv >= 0 {
		n++
	}
	return n
}

func (r *recorder) counts() (answered int, last report.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.answered, r.last
}

func (r *recorder) lastPoint() (assert.Point, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.series) == 0 {
		return assert.Point{}, false
	}
	return r.series[len(r.series)-1], true
}

// accepted returns the ids of the documents the target accepted.
func (r *recorder) accepted() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for _, u := range r.uploads {
		if u.Accepted && u.DocID != "" {
			ids = append(ids, u.DocID)
		}
	}
	return ids
}

// healthSoFar returns health latencies recorded so far.
func (r *recorder) healthSoFar() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]time.Duration, 0, len(r.probes))
	for _, p := range r.probes {
		out = append(out, p.Latency.D())
	}
	return out
}

// fill copies the record into rep, sorted, with open faults left open.
func (r *recorder) fill(rep *report.Report) {
	r.fillLive(rep)
	r.fillEvents(rep)
	r.mu.Lock()
	defer r.mu.Unlock()
	rep.Samples = append([]report.Sample(nil), r.samples...)
	sort.SliceStable(rep.Samples, func(i, j int) bool { return rep.Samples[i].At < rep.Samples[j].At })
}

// fillLive copies what the live checks read (uploads and probes) into rep.
func (r *recorder) fillLive(rep *report.Report) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep.Uploads = append([]report.Upload(nil), r.uploads...)
	sort.Slice(rep.Uploads, func(i, j int) bool { return rep.Uploads[i].Index < rep.Uploads[j].Index })
	rep.Probes = append([]report.Probe(nil), r.probes...)
	sort.SliceStable(rep.Probes, func(i, j int) bool { return rep.Probes[i].At < rep.Probes[j].At })
}

// fillEvents copies the events (the Final checks read them besides what
// fillLive copies) into rep.
func (r *recorder) fillEvents(rep *report.Report) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep.Events = append([]report.Event(nil), r.events...)
	sort.SliceStable(rep.Events, func(i, j int) bool { return rep.Events[i].At < rep.Events[j].At })
}

func (r *recorder) seriesCopy() []assert.Point {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]assert.Point(nil), r.series...)
}

func (r *recorder) lastAnsweredAt() report.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
