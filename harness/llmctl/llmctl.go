package llmctl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hangarhq/hangar/fakellm"
)

// Controller swaps fault plans and reads the request journal.
type Controller interface {
	// URL is the fake LLM's base URL (the OpenAI base URL is URL()+"/v1").
	URL() string
	SetPlan(ctx context.Context, p *fakellm.Plan) error
	Journal(ctx context.Context) ([]fakellm.JournalEntry, error)
}

// InProcess controls a fakellm.Server in this process.
type InProcess struct{ S *fakellm.Server }

// URL returns the server's URL.
func (c InProcess) URL() string { return c.S.URL() }

// SetPlan replaces the plan.
func (c InProcess) SetPlan(_ context.Context, p *fakellm.Plan) error { return c.S.SetPlan(p) }

// Journal returns the journal.
func (c InProcess) Journal(context.Context) ([]fakellm.JournalEntry, error) {
	return c.S.Journal(), nil
}

// RequestTimeout bounds one admin request.
const RequestTimeout = 5 * time.Second

// Remote controls a fake LLM over its admin API.
type Remote struct {
	base   string
	client *http.Client
}

// NewRemote returns a Remote for the fake LLM at base (http://host:port).
func NewRemote(base string) *Remote {
	return &Remote{base: strings.TrimRight(base, "/"), client: &http.Client{Timeout: RequestTimeout}}
}

// URL returns the base URL.
func (c *Remote) URL() string { return c.base }

// SetPlan PUTs the plan as JSON; a rejected plan's message is returned.
func (c *Remote) SetPlan(ctx context.Context, p *fakellm.Plan) error {
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("set plan: %w", err)
	}
	_, err = c.do(ctx, http.MethodPut, "/admin/plan", body)
	return err
}

// Journal GETs the journal.
func (c *Remote) Journal(ctx context.Context) ([]fakellm.JournalEntry, error) {
	b, err := c.do(ctx, http.MethodGet, "/admin/journal", nil)
	if err != nil {
		return nil, err
	}
	var j []fakellm.JournalEntry
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return j, nil
}

func (c *Remote) do(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: status %d: %s", method, path, resp.StatusCode, strings.TrimSpace(string(b)))
	}
	return b, nil
}

// CloseIdleConnections drops kept-alive admin connections.
func (c *Remote) CloseIdleConnections() { c.client.CloseIdleConnections() }
