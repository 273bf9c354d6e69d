package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/hangarhq/hangar/harness/assert"
	"github.com/hangarhq/hangar/harness/probe"
)

// Progress sources.
const (
	sourceMetrics = "server metrics hangar_cascade_queue_depth"
	sourceList    = "list endpoint"
)

// listPoll is how often the list endpoint is polled when the target has no
// metrics.
const listPoll = 500 * time.Millisecond

// listPageTimeout bounds one list request.
const listPageTimeout = 2 * time.Second

// listed is one document as the list endpoint shows it.
type listed struct {
	DocID     string    `json:"doc_id"`
	Status    string    `json:"status"`
	UpdatedAt time.Time `json:"updated_at"`
}

// lister reads GET /api/v1/knowledge/documents on its own transport.
type lister struct {
	base   string
	client *http.Client
	tr     *http.Transport
}

func newLister(base string, dial dialFunc) *lister {
	tr := &http.Transport{DialContext: dial, MaxIdleConnsPerHost: 1, IdleConnTimeout: 10 * time.Second}
	return &lister{base: base, tr: tr, client: &http.Client{Transport: tr}}
}

// all lists every document, page by page, each page within 3s.
func (l *lister) all(ctx context.Context) (map[string]listed, error) {
	out := map[string]listed{}
	for page := 1; page <= 1000; page++ {
		docs, total, err := l.page(ctx, page)
		if err != nil {
			return out, err
		}
		for _, d := range docs {
			out[d.DocID] = d
		}
		if len(docs) < 100 || len(out) >= total {
			return out, nil
		}
	}
	return out, nil
}

func (l *lister) page(ctx context.Context, page int) ([]listed, int, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, listPageTimeout, fmt.Errorf("list endpoint did not answer within %s", listPageTimeout))
	defer cancel()
	url := fmt.Sprintf("%s/api/v1/knowledge/documents?page=%d&page_size=100", l.base, page)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := l.client.Do(req)
	if err != nil {
		if c := context.Cause(ctx); c != nil {
			return nil, 0, c
		}
		return nil, 0, fmt.Errorf("list documents: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("list documents: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, 0, fmt.Errorf("list documents: status %d", resp.StatusCode)
	}
	var env struct {
		Data struct {
			Documents []listed `json:"documents"`
			Total     int      `json:"total"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, 0, fmt.Errorf("list documents: %w", err)
	}
	return env.Data.Documents, env.Data.Total, nil
}

// tracker turns server metrics (or, without them, the list endpoint) into
// the indexing series.
type tracker struct {
	rec    *recorder
	lister *lister
	onIdx  func(indexed int)

	mu      sync.Mutex // guards useList, lastErr
	useList bool
	lastErr string

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// fromSamples records a point from a server scrape.
func (t *tracker) fromSamples(ss []probe.Sample) {
	depth := map[string]float64{}
	found := false
	var at time.Time
	for _, s := range ss {
		if s.Name == "hangar_cascade_queue_depth" {
			depth[s.Labels["status"]] = s.Value
			found, at = true, s.At
		}
	}
	if !found {
		return
	}
	// Outstanding also counts accepted documents the gauge (refreshed on the
	// worker's poll) does not show yet.
	indexed, failed := int(depth["indexed"]), int(depth["failed"])
	queued := int(depth["pending"] + depth["indexing"])
	p := assert.Point{At: t.rec.since(at), Indexed: indexed,
		Outstanding: max(queued, len(t.rec.accepted())-indexed-failed)}
	t.rec.point(p)
	t.onIdx(p.Indexed)
}

// startList polls the list endpoint (targets without metrics).
func (t *tracker) startList(ctx context.Context) {
	t.mu.Lock()
	t.useList = true
	t.mu.Unlock()
	ctx, t.cancel = context.WithCancel(ctx)
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		tick := time.NewTicker(listPoll)
		defer tick.Stop()
		for {
			t.pollList(ctx)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

func (t *tracker) pollList(ctx context.Context) {
	docs, err := t.lister.all(ctx)
	if err != nil {
		t.setErr(err)
		return
	}
	p := assert.Point{At: t.rec.now()}
	for _, id := range t.rec.accepted() {
		switch docs[id].Status {
		case "indexed":
			p.Indexed++
		case "failed":
		default:
			p.Outstanding++
		}
	}
	t.rec.point(p)
	t.onIdx(p.Indexed)
}

func (t *tracker) setErr(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lastErr = err.Error()
}

func (t *tracker) source() (string, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.useList {
		return sourceList, t.lastErr
	}
	return sourceMetrics, t.lastErr
}

func (t *tracker) close() {
	if t.cancel != nil {
		t.cancel()
	}
	t.wg.Wait()
	t.lister.tr.CloseIdleConnections()
}

// drained reports whether every accepted document reached a terminal
// state, by the latest reading. The reading must be strictly later than
// the last answer: one taken at the same instant (the rule in virtual
// time, where instants repeat) may predate that answer's document.
func (t *tracker) drained() bool {
	p, ok := t.rec.lastPoint()
	return ok && p.Outstanding == 0 && p.At > t.rec.lastAnsweredAt()
}
