package load

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// boundTransport gives every request the run's context and a per-request
// timeout. vegeta builds requests without a context; without this a hard stop
// would wait for every in-flight upload to time out on its own.
type boundTransport struct {
	run     context.Context
	timeout time.Duration
	base    http.RoundTripper
}

func (t *boundTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeoutCause(t.run, t.timeout,
		fmt.Errorf("upload timed out after %s", t.timeout))
	resp, err := t.base.RoundTrip(r.WithContext(ctx))
	if err != nil {
		cancel()
		if cause := context.Cause(ctx); cause != nil {
			return nil, cause
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, ctx: ctx, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases the request's context once its body is closed and
// reports the context's cause when a read fails because of it.
type cancelOnClose struct {
	io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
}

func (b *cancelOnClose) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		if cause := context.Cause(b.ctx); cause != nil {
			return n, cause
		}
	}
	return n, err
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.cancel)
	return err
}

// newTransport returns a transport used only by the load driver, so uploads
// never share connections with probes.
func newTransport(concurrency int, dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Transport {
	if dial == nil {
		dial = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	}
	return &http.Transport{
		DialContext:           dial,
		MaxIdleConnsPerHost:   concurrency,
		MaxConnsPerHost:       concurrency,
		IdleConnTimeout:       30 * time.Second,
		ResponseHeaderTimeout: 0, // the per-request context bounds it
		DisableCompression:    true,
	}
}
