package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hangarhq/hangar/harness/profile"
	"github.com/hangarhq/hangar/internal/placeholder"
)

// maxListPages bounds one walk through a list endpoint.
const maxListPages = 1000

// docState is one document's state as the target's state source shows it.
type docState struct {
	Value     string
	Phase     profile.Phase
	UpdatedAt time.Time // from the list, zero when it names none
}

// stater reads the target's state endpoints (the profile's list, document
// and count sources) on its own transport.
type stater struct {
	base   string
	p      *profile.Profile
	launch placeholder.Lookup
	client *http.Client
	tr     *http.Transport
}

func newStater(base string, p *profile.Profile, launch placeholder.Lookup, dial dialFunc) *stater {
	tr := &http.Transport{DialContext: dial, MaxIdleConnsPerHost: 1, IdleConnTimeout: 10 * time.Second}
	return &stater{base: base, p: p, launch: launch, tr: tr, client: &http.Client{Transport: tr}}
}

// do sends b within the profile's state timeout and returns a 2xx
// answer's body (or, with anyStatus, any answer's status and body).
func (s *stater) do(ctx context.Context, what string, b profile.Built, anyStatus bool) (int, []byte, error) {
	to := s.p.State.Timeout
	ctx, cancel := context.WithTimeoutCause(ctx, to, fmt.Errorf("%s did not answer within %s", what, to))
	defer cancel()
	req, err := b.NewRequest()
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", what, err)
	}
	resp, err := s.client.Do(req.WithContext(ctx))
	if err != nil {
		if c := context.Cause(ctx); c != nil {
			return 0, nil, c
		}
		return 0, nil, fmt.Errorf("%s: %w", what, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", what, err)
	}
	if !anyStatus && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		return resp.StatusCode, nil, fmt.Errorf("%s: status %d", what, resp.StatusCode)
	}
	return resp.StatusCode, body, nil
}

func (s *stater) vars() profile.Vars { return profile.Vars{Launch: s.launch} }

// list walks the list endpoint page by page.
func (s *stater) list(ctx context.Context) (map[string]docState, error) {
	l := s.p.State.List
	out := map[string]docState{}
	for page := 1; page <= maxListPages; page++ {
		b, err := s.p.ListRequest(s.base, page, s.vars())
		if err != nil {
			return out, fmt.Errorf("list documents: %w", err)
		}
		_, body, err := s.do(ctx, "list documents", b, false)
		if err != nil {
			return out, err
		}
		items, total, err := l.Read(body)
		if err != nil {
			return out, fmt.Errorf("list documents: %w", err)
		}
		for _, it := range items {
			out[it.ID] = docState{Value: it.Value, Phase: it.Phase, UpdatedAt: it.UpdatedAt}
		}
		if len(items) == 0 || (l.PageSize > 0 && len(items) < l.PageSize) || (total >= 0 && len(out) >= total) {
			return out, nil
		}
	}
	return out, nil
}

// document reads one document's state.
func (s *stater) document(ctx context.Context, id string) (docState, error) {
	b, err := s.p.DocumentRequest(s.base, id, s.vars())
	if err != nil {
		return docState{}, fmt.Errorf("document %s: %w", id, err)
	}
	status, body, err := s.do(ctx, "document "+id, b, true)
	if err != nil {
		return docState{}, err
	}
	ph, v, err := s.p.State.Document.Read(status, body)
	if err != nil {
		return docState{}, fmt.Errorf("document %s: %w", id, err)
	}
	return docState{Value: v, Phase: ph}, nil
}

// documents reads each of ids in turn, stopping at the first error.
func (s *stater) documents(ctx context.Context, ids []string) (map[string]docState, error) {
	out := map[string]docState{}
	for _, id := range ids {
		d, err := s.document(ctx, id)
		if err != nil {
			return out, err
		}
		out[id] = d
	}
	return out, nil
}

// count reads the number of documents done.
func (s *stater) count(ctx context.Context) (int, error) {
	b, err := s.p.CountRequest(s.base, s.vars())
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	_, body, err := s.do(ctx, "count", b, false)
	if err != nil {
		return 0, err
	}
	n, err := s.p.State.Count.Read(body)
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return n, nil
}

// final reads every accepted document's state from the list or, without
// one, the document source; ok is false when the profile has neither.
func (s *stater) final(ctx context.Context, ids []string) (map[string]docState, bool, error) {
	st := s.p.State
	switch {
	case st.List != nil:
		d, err := s.list(ctx)
		return d, true, err
	case st.Document != nil:
		d, err := s.documents(ctx, ids)
		return d, true, err
	}
	return nil, false, nil
}

func (s *stater) close() { s.tr.CloseIdleConnections() }

// head is the start of a body for messages.
func head(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
