package promcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// apiResponse is Prometheus' HTTP API envelope.
type apiResponse struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Warnings  []string        `json:"warnings"`
}

// APIError is an error answer from the HTTP API.
type APIError struct {
	Status int    // HTTP status
	Type   string // errorType: bad_data (parse errors), execution, timeout, ...
	Msg    string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("prometheus api: %s (%d): %s", e.Type, e.Status, e.Msg)
}

// IsParseError reports whether Prometheus rejected the query as malformed.
func (e *APIError) IsParseError() bool { return e.Type == "bad_data" }

// QueryResult is the data of an instant query.
type QueryResult struct {
	ResultType string            `json:"resultType"` // vector, matrix, scalar or string
	Result     json.RawMessage   `json:"result"`
	Series     []json.RawMessage `json:"-"` // vector and matrix elements
}

// Len is the number of series (vector, matrix) or 1 for a scalar or string.
func (r QueryResult) Len() int {
	switch r.ResultType {
	case "vector", "matrix":
		return len(r.Series)
	}
	if len(r.Result) > 0 && string(r.Result) != "null" {
		return 1
	}
	return 0
}

// Query runs an instant query at the current time.
func (p *Prometheus) Query(ctx context.Context, expr string) (QueryResult, error) {
	return p.QueryAt(ctx, expr, time.Time{})
}

// QueryAt runs an instant query (/api/v1/query) at the given time; the zero
// time means now.
func (p *Prometheus) QueryAt(ctx context.Context, expr string, at time.Time) (QueryResult, error) {
	form := url.Values{"query": {expr}}
	if !at.IsZero() {
		form.Set("time", formatTime(at))
	}
	return p.query(ctx, "/api/v1/query", form)
}

// QueryRange runs a range query (/api/v1/query_range) over [start, end]
// with the given step, as a Grafana time series panel does.
func (p *Prometheus) QueryRange(ctx context.Context, expr string, start, end time.Time, step time.Duration) (QueryResult, error) {
	if step <= 0 || !end.After(start) {
		return QueryResult{}, fmt.Errorf("prometheus api: bad range [%v, %v] step %v", start, end, step)
	}
	form := url.Values{"query": {expr}, "start": {formatTime(start)}, "end": {formatTime(end)},
		"step": {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)}}
	return p.query(ctx, "/api/v1/query_range", form)
}

func (p *Prometheus) query(ctx context.Context, path string, form url.Values) (QueryResult, error) {
	var r QueryResult
	if err := p.post(ctx, path, form, &r); err != nil {
		return QueryResult{}, err
	}
	if r.ResultType == "vector" || r.ResultType == "matrix" {
		if err := json.Unmarshal(r.Result, &r.Series); err != nil {
			return QueryResult{}, fmt.Errorf("prometheus api: decode %s: %w", r.ResultType, err)
		}
	}
	return r, nil
}

func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', 3, 64)
}

func (p *Prometheus) post(ctx context.Context, path string, form url.Values, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return p.do(req, into)
}

func (p *Prometheus) get(ctx context.Context, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+path, nil)
	if err != nil {
		return err
	}
	return p.do(req, into)
}

func (p *Prometheus) do(req *http.Request, into any) error {
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("prometheus api: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("prometheus api: read %s: %w", req.URL.Path, err)
	}
	var env apiResponse
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("prometheus api: %s answered %d with non-JSON: %.200s", req.URL.Path, resp.StatusCode, body)
	}
	if env.Status != "success" {
		return &APIError{Status: resp.StatusCode, Type: env.ErrorType, Msg: env.Error}
	}
	if err := json.Unmarshal(env.Data, into); err != nil {
		return fmt.Errorf("prometheus api: decode %s: %w", req.URL.Path, err)
	}
	return nil
}

// TargetState is one active scrape target as Prometheus sees it.
type TargetState struct {
	Job       string
	Instance  string
	Health    string // up, down, unknown
	LastError string
	Scrapes   int // samples of "up" stored for this target
}

func (t TargetState) String() string {
	s := fmt.Sprintf("%s %s: %s, %d scrapes", t.Job, t.Instance, t.Health, t.Scrapes)
	if t.LastError != "" {
		s += ", last error: " + t.LastError
	}
	return s
}

// Targets lists the active targets with how often each was scraped.
func (p *Prometheus) Targets(ctx context.Context) ([]TargetState, error) {
	var data struct {
		Active []struct {
			Labels    map[string]string `json:"labels"`
			Health    string            `json:"health"`
			LastError string            `json:"lastError"`
		} `json:"activeTargets"`
	}
	if err := p.get(ctx, "/api/v1/targets?state=active", &data); err != nil {
		return nil, err
	}
	counts, err := p.scrapeCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TargetState, 0, len(data.Active))
	for _, a := range data.Active {
		job, inst := a.Labels["job"], a.Labels["instance"]
		out = append(out, TargetState{Job: job, Instance: inst, Health: a.Health,
			LastError: a.LastError, Scrapes: counts[job+" "+inst]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Job+out[i].Instance < out[j].Job+out[j].Instance })
	return out, nil
}

// scrapeCounts counts the stored "up" samples per target.
func (p *Prometheus) scrapeCounts(ctx context.Context) (map[string]int, error) {
	r, err := p.Query(ctx, "count_over_time(up[1d])")
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, raw := range r.Series {
		var s struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("prometheus api: decode sample: %w", err)
		}
		v, _ := s.Value[1].(string)
		n, _ := strconv.ParseFloat(v, 64)
		counts[s.Metric["job"]+" "+s.Metric["instance"]] = int(n)
	}
	return counts, nil
}

// WaitScrapes waits until every configured target is up and has been
// scraped at least n times, bounded by timeout and ctx. The error lists the
// state of each target.
func (p *Prometheus) WaitScrapes(ctx context.Context, n int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var last []TargetState
	var lastErr error
	for {
		ts, err := p.Targets(ctx)
		if err == nil {
			last = ts
			if p.scrapedEnough(ts, n) {
				return nil
			}
		} else {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			if last == nil && lastErr != nil {
				return fmt.Errorf("targets not scraped %d times within %v: %w", n, timeout, lastErr)
			}
			return fmt.Errorf("targets not scraped %d times within %v (Prometheus activates new targets up to 5s after start): %v", n, timeout, last)
		case <-p.done:
			return fmt.Errorf("prometheus exited (%v); log:\n%s", p.exitErr(), p.logs.String())
		case <-tick.C:
		}
	}
}

func (p *Prometheus) scrapedEnough(ts []TargetState, n int) bool {
	if len(ts) < len(p.cfg.Targets) {
		return false
	}
	for _, t := range ts {
		if t.Health != "up" || t.Scrapes < n {
			return false
		}
	}
	return true
}

// RuleState is one loaded rule and its evaluation health.
type RuleState struct {
	Group     string
	Name      string
	Type      string // alerting or recording
	Health    string // ok, err, unknown
	LastError string
	State     string // alerting rules: inactive, pending, firing
}

// Rules lists the loaded rules with their health.
func (p *Prometheus) Rules(ctx context.Context) ([]RuleState, error) {
	var data struct {
		Groups []struct {
			Name  string `json:"name"`
			Rules []struct {
				Name      string `json:"name"`
				Type      string `json:"type"`
				Health    string `json:"health"`
				LastError string `json:"lastError"`
				State     string `json:"state"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := p.get(ctx, "/api/v1/rules", &data); err != nil {
		return nil, err
	}
	var out []RuleState
	for _, g := range data.Groups {
		for _, r := range g.Rules {
			out = append(out, RuleState{Group: g.Name, Name: r.Name, Type: r.Type,
				Health: r.Health, LastError: r.LastError, State: r.State})
		}
	}
	return out, nil
}

// LastAllUp finds the last time, within the given look-back, at which
// every scraped target was up (min(up) == 1), at the scrape interval's
// resolution. After a run's processes have exited their series are stale,
// so instant checks belong at this time (Vars.To), not at "now".
func (p *Prometheus) LastAllUp(ctx context.Context, within time.Duration) (time.Time, error) {
	end := time.Now()
	r, err := p.QueryRange(ctx, "min(up)", end.Add(-within), end, p.cfg.ScrapeInterval)
	if err != nil {
		return time.Time{}, err
	}
	var last time.Time
	for _, raw := range r.Series {
		var s struct {
			Values [][2]any `json:"values"`
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, fmt.Errorf("prometheus api: decode min(up): %w", err)
		}
		for _, v := range s.Values {
			ts, _ := v[0].(float64)
			if val, _ := v[1].(string); val == "1" {
				last = time.UnixMilli(int64(ts * 1000))
			}
		}
	}
	if last.IsZero() {
		return time.Time{}, fmt.Errorf("no moment in the last %v when every target was up", within)
	}
	return last, nil
}
