package profile

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/hangarhq/hangar/harness/probe"
)

// Phase is where a document stands.
type Phase int

// Phases.
const (
	Working Phase = iota // accepted, not yet done or failed (or not visible yet)
	Done                 // reached its done state
	Failed               // reached a failed state
)

func (ph Phase) String() string {
	switch ph {
	case Done:
		return "done"
	case Failed:
		return "failed"
	}
	return "working"
}

func classify(v string, done, failed []string) Phase {
	switch {
	case slices.Contains(done, v):
		return Done
	case slices.Contains(failed, v):
		return Failed
	}
	return Working
}

// Counts are documents by phase, from a series.
type Counts struct {
	Done, Failed, Working int
}

// Counts reads the state series from one scrape; ok is false when the
// series is absent.
func (s *SeriesState) Counts(samples []probe.Sample) (c Counts, ok bool) {
	for _, x := range samples {
		if x.Name != s.Metric {
			continue
		}
		ok = true
		n := int(x.Value)
		switch v := x.Labels[s.Label]; {
		case slices.Contains(s.Done, v):
			c.Done += n
		case slices.Contains(s.Failed, v):
			c.Failed += n
		case len(s.Working) == 0 || slices.Contains(s.Working, v):
			c.Working += n
		}
	}
	return c, ok
}

// Item is one document in a list page.
type Item struct {
	ID        string
	Value     string
	Phase     Phase
	UpdatedAt time.Time
}

// ListRequest renders the request for page (from 1).
func (p *Profile) ListRequest(base string, page int, v Vars) (Built, error) {
	v.Page = page
	return build(base, "GET", p.State.List.Path, nil, "", v)
}

// ReadList reads one page: its items and the total (-1 when the profile
// names none).
func (l *ListState) Read(body []byte) (items []Item, total int, err error) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, 0, fmt.Errorf("list answer is not JSON: %w", err)
	}
	ptr, _ := ParsePointer(l.Items)
	arr, err := ptr.Get(doc)
	if err != nil {
		return nil, 0, fmt.Errorf("list items: %w", err)
	}
	list, ok := arr.([]any)
	if !ok && arr != nil {
		return nil, 0, fmt.Errorf("list items at %s is not an array", l.Items)
	}
	for i, it := range list {
		item, err := l.item(it)
		if err != nil {
			return nil, 0, fmt.Errorf("list item %d: %w", i, err)
		}
		items = append(items, item)
	}
	total = -1
	if l.Total != "" {
		tp, _ := ParsePointer(l.Total)
		s, err := tp.GetString(doc)
		if err != nil {
			return nil, 0, fmt.Errorf("list total: %w", err)
		}
		if total, err = strconv.Atoi(s); err != nil {
			return nil, 0, fmt.Errorf("list total %q is not an integer", s)
		}
	}
	return items, total, nil
}

func (l *ListState) item(it any) (Item, error) {
	idp, _ := ParsePointer(l.ID)
	id, err := idp.GetString(it)
	if err != nil {
		return Item{}, fmt.Errorf("id: %w", err)
	}
	sp, _ := ParsePointer(l.Status)
	val, err := sp.GetString(it)
	if err != nil {
		return Item{}, fmt.Errorf("status: %w", err)
	}
	out := Item{ID: id, Value: val, Phase: classify(val, l.Done, l.Failed)}
	if l.UpdatedAt != "" {
		up, _ := ParsePointer(l.UpdatedAt)
		if s, err := up.GetString(it); err == nil {
			out.UpdatedAt, _ = time.Parse(time.RFC3339Nano, s)
		}
	}
	return out, nil
}

// DocumentRequest renders the request for the document with id.
func (p *Profile) DocumentRequest(base, id string, v Vars) (Built, error) {
	v.DocID = id
	return build(base, "GET", p.State.Document.Path, nil, "", v)
}

// Read classifies one document answer: by HTTP status when the profile
// names no status pointer, else by the value there (a non-2xx answer is
// then still working: not visible yet).
func (d *DocumentState) Read(status int, body []byte) (Phase, string, error) {
	if d.Status == "" {
		s := strconv.Itoa(status)
		return classify(s, d.Done, d.Failed), s, nil
	}
	if status < 200 || status > 299 {
		return Working, strconv.Itoa(status), nil
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return Working, "", fmt.Errorf("document answer is not JSON: %w", err)
	}
	ptr, _ := ParsePointer(d.Status)
	v, err := ptr.GetString(doc)
	if err != nil {
		return Working, "", fmt.Errorf("document status: %w", err)
	}
	return classify(v, d.Done, d.Failed), v, nil
}

// CountRequest renders the count request.
func (p *Profile) CountRequest(base string, v Vars) (Built, error) {
	c := p.State.Count
	return build(base, c.Method, c.Path, nil, c.JSON, v)
}

// Read returns the number of documents done.
func (c *CountState) Read(body []byte) (int, error) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return 0, fmt.Errorf("count answer is not JSON: %w", err)
	}
	ptr, _ := ParsePointer(c.Done)
	s, err := ptr.GetString(doc)
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("count %q is not an integer", s)
	}
	return n, nil
}
