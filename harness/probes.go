package harness

import (
	"context"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/probe"
	"github.com/hangarhq/hangar/harness/statusline"
)

// probes is everything that watches the target during the run.
type probes struct {
	health  *probe.Health
	scraper *probe.Scraper
	tracker *tracker
	printer *statusline.Printer
	once    sync.Once
}

func (r *run) startProbes(ctx context.Context) *probes {
	p := &probes{}
	p.tracker = newTracker(r.rec, newStater(r.target.URL(), r.api, r.launchVars().Lookup, r.dial()), func(n int) {
		if r.o.Metrics != nil {
			r.o.Metrics.Indexed(n)
		}
	})
	hp := r.s.Probes.Health
	r.tracker = p.tracker
	p.health = probe.NewHealth(probe.HealthConfig{URL: r.target.URL() + r.healthPath(), Interval: hp.Interval, Timeout: hp.Timeout,
		Status: r.api.Health.Status, Dial: r.dial()},
		func(res probe.HealthResult) {
			r.rec.probe(assert.HealthProbe, res)
			r.live.probe(res)
			if r.o.Metrics != nil {
				r.o.Metrics.Probe(assert.HealthProbe, res.Latency, res.OK)
			}
		})
	p.scraper = probe.NewScraper(r.s.Probes.Metrics.Interval, r.scrapeTargets(), func(target string, ss []probe.Sample, err error) {
		if err != nil {
			return // a failed scrape is visible as a gap; health and progress carry the verdict
		}
		r.rec.addSamples(ss)
		if target == "server" {
			p.tracker.fromSamples(ctx, ss)
		}
		if r.o.Metrics != nil {
			r.o.Metrics.Faults(r.rec.faultsActive())
			r.o.Metrics.Elapsed(time.Since(r.rec.start))
		}
	})
	p.scraper.SetDial(r.dial())
	p.health.Start(ctx)
	p.scraper.Start(ctx)
	if r.metricsURL() == "" || r.api.State.Series == nil {
		p.tracker.startPoll(ctx)
	}
	if r.o.Status != nil {
		p.printer = statusline.Start(r.o.Status, r.o.TTY, 0, r.snapshot)
	}
	return p
}

func (r *run) scrapeTargets() []probe.ScrapeTarget {
	ts := []probe.ScrapeTarget{{Name: "fakellm", URL: r.llm.URL() + "/metrics"}}
	if u := r.metricsURL(); u != "" {
		ts = append(ts, probe.ScrapeTarget{Name: "server", URL: u})
	}
	return ts
}

// close stops every probe and closes their idle connections (before the
// leak check). Safe to call twice.
func (p *probes) close() {
	p.once.Do(func() {
		p.health.Close()
		p.scraper.Close()
		p.tracker.close()
		if p.printer != nil {
			p.printer.Close()
		}
	})
}

// snapshot is the live progress line's state.
func (r *run) snapshot() statusline.Snapshot {
	s := statusline.Snapshot{Scenario: r.s.Name, Elapsed: time.Since(r.rec.start), Planned: r.s.Load.Uploads.Count,
		Faults: r.rec.faultsActive(), Statuses: map[int]int{}}
	r.rec.mu.Lock()
	for _, u := range r.rec.uploads {
		s.Statuses[u.Status]++
	}
	s.Answered = len(r.rec.uploads)
	var ls []time.Duration
	for _, p := range r.rec.probes {
		ls = append(ls, p.Latency.D())
		if !p.OK {
			s.HealthFailed++
		}
	}
	if n := len(r.rec.series); n > 0 {
		s.Indexed = r.rec.series[n-1].Indexed
	}
	r.rec.mu.Unlock()
	if len(ls) > 0 {
		s.HealthP99 = assert.P99(ls)
	}
	return s
}
