package fakellm_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
)

// newServer starts a fake LLM with plan (YAML, may be empty).
func newServer(t *testing.T, plan string) *fakellm.Server {
	t.Helper()
	cfg := fakellm.Config{Seed: 7}
	if plan != "" {
		cfg.Plan = fakellm.MustParsePlan(plan)
	}
	return fakellmtest.NewServer(t, cfg)
}

// post sends body to path and returns status, headers and body (err set
// when the transport failed).
func post(t *testing.T, srv *fakellm.Server, path, body string) (*http.Response, []byte, error) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Post(srv.URL()+path, "application/json", bytes.NewBufferString(body))
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

const chatBody = `{"model":"m","messages":[{"role":"user","content":"hello there, fake model"}]}`

func get(t *testing.T, srv *fakellm.Server, path string) (*http.Response, []byte, error) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	url := path
	if srv != nil {
		url = srv.URL() + path
	}
	resp, err := c.Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func readAll(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func fakellmtestServer(t *testing.T, cfg fakellm.Config) *fakellm.Server {
	return fakellmtest.NewServer(t, cfg)
}
