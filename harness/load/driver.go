package load

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/hangarhq/hangar/harness/profile"
)

// Result is one upload's outcome.
type Result struct {
	Ordinal int       `json:"ordinal"`
	Title   string    `json:"title"`
	Start   time.Time `json:"start"`
	// Latency runs from the first byte sent to the last byte read.
	Latency time.Duration `json:"latency"`
	// Status is the HTTP status; 0 when no response arrived.
	Status int `json:"status"`
	// Accepted says the profile counts the answer as accepted; DocID is
	// the accepted document's id.
	Accepted bool   `json:"accepted,omitempty"`
	DocID    string `json:"doc_id,omitempty"`
	// Error is the transport error, the profile's error text for a
	// rejected answer (e.g. "CODE: message"), or why an accepted answer's
	// id could not be read.
	Error    string `json:"error,omitempty"`
	BytesOut int    `json:"bytes_out"`
}

// End is when the upload was answered (or gave up).
func (r Result) End() time.Time { return r.Start.Add(r.Latency) }

// Summary is vegeta's latency and status statistics over the sent uploads.
type Summary struct {
	Sent     int            `json:"sent"`
	Statuses map[string]int `json:"statuses"`
	P50      time.Duration  `json:"p50"`
	P99      time.Duration  `json:"p99"`
	Max      time.Duration  `json:"max"`
}

// Run sends cfg.Count uploads built from src, holding each at gate, and calls
// observe (from Run's goroutine, in answer order) for every sent upload. It
// returns when every sent upload is answered or cancelled; after ctx is done
// no new upload starts and in-flight ones are cancelled. The error is a
// corpus or configuration error, never an upload failure.
func Run(ctx context.Context, cfg Config, src Source, gate Gate, observe func(Result)) (Summary, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return Summary{}, err
	}
	if gate == nil {
		gate = Open
	}
	tr := newTransport(cfg.Concurrency, cfg.Dial)
	defer tr.CloseIdleConnections()
	atk := newAttacker(ctx, cfg, tr)
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()

	tg := newTargeter(ctx, cfg, src, gate)
	var m vegeta.Metrics
	results := atk.Attack(tg.target, pacer{ctx: ctx, count: uint64(cfg.Count), interval: cfg.Interval}, 0, "hangar")
	for res := range results {
		n, start, v, ok := tg.ordinal(res)
		if !ok {
			continue
		}
		r := toResult(cfg.Profile, res, n, start, v)
		res.Timestamp, res.Latency = r.Start, r.Latency
		m.Add(res)
		observe(r)
	}
	m.Close()
	return summarize(&m), tg.firstErr()
}

func newAttacker(ctx context.Context, cfg Config, tr http.RoundTripper) *vegeta.Attacker {
	client := &http.Client{
		Transport:     &boundTransport{run: ctx, timeout: cfg.Timeout, base: tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	c := uint64(cfg.Concurrency)
	return vegeta.NewAttacker(vegeta.Client(client), vegeta.Workers(c), vegeta.MaxWorkers(c),
		vegeta.MaxBody(DefaultMaxBody))
}

func toResult(p *profile.Profile, res *vegeta.Result, n int, start time.Time, v profile.Vars) Result {
	r := Result{Ordinal: n, Start: start, Latency: res.End().Sub(start),
		Status: int(res.Code), BytesOut: int(res.BytesOut)}
	if v.Doc != nil {
		r.Title = v.Doc.Title
	}
	if r.Latency < 0 {
		r.Latency = 0
	}
	if r.Status == 0 {
		r.Error = trimURLError(res.Error)
		return r
	}
	a := p.ReadAnswer(r.Status, res.Body, v)
	r.Accepted, r.DocID, r.Error = a.Accepted, a.ID, a.Error
	if !a.Accepted && r.Status >= 300 && r.Error == "" {
		r.Error = res.Error
	}
	return r
}

func summarize(m *vegeta.Metrics) Summary {
	return Summary{Sent: int(m.Requests), Statuses: m.StatusCodes,
		P50: m.Latencies.P50, P99: m.Latencies.P99, Max: m.Latencies.Max}
}

// trimURLError drops the `Post "URL": ` prefix net/http puts on transport
// errors (any method): the URL is the same for every upload and hides the
// cause.
func trimURLError(e string) string {
	op, rest, ok := strings.Cut(e, ` "`)
	if !ok || !slices.Contains([]string{"Get", "Post", "Put", "Patch", "Delete"}, op) {
		return e
	}
	if _, cause, ok := strings.Cut(rest, `": `); ok {
		return cause
	}
	return e
}
