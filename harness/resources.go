package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/probe"
)

// resourceSnapshotTimeout bounds one resource snapshot (GC and scrape).
const resourceSnapshotTimeout = 5 * time.Second

// resourceSnapshot records the server's memory and goroutines for
// expect.resources, before load and after drain: it forces a GC through
// the admin pprof endpoint (so go_memstats_heap_inuse_bytes is live heap,
// not garbage awaiting collection), scrapes /metrics and records the
// samples. It has its own deadline so a hard stop still measures the end,
// and closes its connection so the leak check does not see it.
func (r *run) resourceSnapshot(ctx context.Context, label string) {
	if !assert.WatchesResources(r.s.Expect) || r.target == nil || r.target.AdminURL() == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), resourceSnapshotTimeout)
	defer cancel()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	admin := r.target.AdminURL()
	gcErr := forceGC(ctx, c, admin)
	ss, err := probe.Scrape(ctx, c, admin+"/metrics", assert.ServerTarget)
	if err != nil {
		r.phase("resources "+label, "no snapshot: "+err.Error())
		return
	}
	r.rec.addSamples(ss)
	detail := snapshotDetail(ss)
	if gcErr != nil {
		detail += " (no forced GC: " + gcErr.Error() + ")"
	}
	r.phase("resources "+label, detail)
}

// forceGC asks the server to collect garbage: the heap profile with gc=1
// runs runtime.GC first.
func forceGC(ctx context.Context, c *http.Client, admin string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, admin+"/debug/pprof/heap?gc=1", nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("heap profile: status %d", resp.StatusCode)
	}
	return nil
}

// snapshotDetail names the three values for the timeline.
func snapshotDetail(ss []probe.Sample) string {
	v := map[string]float64{}
	for _, s := range ss {
		if len(s.Labels) == 0 {
			v[s.Name] = s.Value
		}
	}
	return fmt.Sprintf("rss %.1fMiB, heap in use %.1fMiB, goroutines %.0f",
		v[assert.MetricRSS]/(1<<20), v[assert.MetricHeapInuse]/(1<<20), v[assert.MetricGoroutines])
}
