package harness

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"testing"
)

// TestEgressGuard sends a plain proxied request and a CONNECT through the
// guard (nothing leaves the machine: the guard answers both itself).
func TestEgressGuard(t *testing.T) {
	g, err := startEgressGuard()
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close(context.Background())
	proxy, _ := url.Parse(g.URL())
	c := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	defer c.CloseIdleConnections()
	resp, err := c.Get("http://example.invalid/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("plain request: %d", resp.StatusCode)
	}
	conn, err := net.Dial("tcp", proxy.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "CONNECT api.example.invalid:443 HTTP/1.1\r\nHost: api.example.invalid:443\r\n\r\n")
	cr, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	cr.Body.Close()
	if cr.StatusCode != http.StatusForbidden {
		t.Fatalf("CONNECT: %d", cr.StatusCode)
	}
	n, hosts := g.attempts()
	if n != 2 || hosts["example.invalid"] != 1 || hosts["api.example.invalid:443"] != 1 {
		t.Fatalf("attempts %d %v", n, hosts)
	}
	if got := summary(hosts); got != "api.example.invalid:443 (1), example.invalid (1)" {
		t.Fatalf("summary %q", got)
	}
}
