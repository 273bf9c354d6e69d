package module

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/testcontainers/testcontainers-go/wait"
)

// PollInterval is the readiness poll period.
const PollInterval = 100 * time.Millisecond

// HTTPReady waits until GET URL answers 200. It dials the loopback URL the
// module published, not testcontainers' Host(): on a machine that looks
// like a container (/.dockerenv) Host() is the default gateway, where a
// port published on 127.0.0.1 does not answer.
type HTTPReady struct {
	URL     string
	Timeout time.Duration
}

var _ wait.Strategy = HTTPReady{}

// WaitUntilReady polls until 200, the container stops running, or the
// timeout (or ctx) ends.
func (h HTTPReady) WaitUntilReady(ctx context.Context, target wait.StrategyTarget) error {
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	defer client.CloseIdleConnections()
	tick := time.NewTicker(PollInterval)
	defer tick.Stop()
	var last error
	for {
		err := get(ctx, client, h.URL)
		if err == nil {
			return nil
		}
		if ctx.Err() == nil || last == nil { // keep the last real answer over the deadline's
			last = err
		}
		if st, err := target.State(ctx); err == nil && !st.Running {
			return fmt.Errorf("wait for %s: container is %s (exit code %d)", h.URL, st.Status, st.ExitCode)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s: %w (last: %v)", h.URL, ctx.Err(), last)
		case <-tick.C:
		}
	}
}

func get(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}
