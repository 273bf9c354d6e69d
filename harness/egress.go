package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// egressGuard is the run's refusing HTTP(S) proxy on 127.0.0.1: a process
// target gets it as HTTP_PROXY and HTTPS_PROXY, so a server that tries to
// reach anything beyond loopback is answered 403 instead of leaving the
// machine. Every attempt (plain request or CONNECT) is counted by host.
type egressGuard struct {
	srv *http.Server
	url string
	wg  sync.WaitGroup

	mu    sync.Mutex // guards hosts
	hosts map[string]int
}

func startEgressGuard() (*egressGuard, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("egress guard: %w", err)
	}
	g := &egressGuard{url: "http://" + ln.Addr().String(), hosts: map[string]int{}}
	g.srv = &http.Server{Handler: http.HandlerFunc(g.refuse), ReadHeaderTimeout: 5 * time.Second}
	g.wg.Add(1)
	go func() { // owned: ends when Close shuts the server down
		defer g.wg.Done()
		_ = g.srv.Serve(ln)
	}()
	return g, nil
}

// refuse answers every request 403 and counts it.
func (g *egressGuard) refuse(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if r.URL.Host != "" {
		host = r.URL.Host
	}
	g.mu.Lock()
	g.hosts[host]++
	g.mu.Unlock()
	w.Header().Set("Connection", "close")
	http.Error(w, "hangar egress guard: traffic beyond loopback is refused", http.StatusForbidden)
}

// URL is the proxy URL ({{proxy_url}}).
func (g *egressGuard) URL() string { return g.url }

// attempts returns the number of refused requests and a "host (n), …"
// summary, hosts sorted.
func (g *egressGuard) attempts() (int, map[string]int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[string]int, len(g.hosts))
	n := 0
	for h, c := range g.hosts {
		out[h] = c
		n += c
	}
	return n, out
}

func summary(hosts map[string]int) string {
	keys := make([]string, 0, len(hosts))
	for h := range hosts {
		keys = append(keys, h)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, h := range keys {
		parts[i] = fmt.Sprintf("%s (%d)", h, hosts[h])
	}
	return strings.Join(parts, ", ")
}

// Close stops the proxy and waits for its goroutine.
func (g *egressGuard) Close(ctx context.Context) error {
	err := g.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = g.srv.Close()
	}
	g.wg.Wait()
	return err
}
