// Package loopback checks that an address or URL names this machine's
// loopback interface. hangar only ever targets loopback (and its own
// containers through ports published on 127.0.0.1): every listener it opens
// for control or metrics, and every URL it sends load or fault plans to,
// goes through these checks.
package loopback

import (
	"fmt"
	"net"
	"net/url"
)

// Host reports whether host is "localhost" or a loopback IP (127.0.0.0/8,
// ::1).
func Host(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckAddr accepts host:port with a loopback host.
func CheckAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if !Host(host) {
		return fmt.Errorf("address %q: must be a loopback address (127.0.0.1, ::1 or localhost)", addr)
	}
	return nil
}

// CheckURL accepts an http or https URL whose host is loopback.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("invalid url %q (want http://127.0.0.1:PORT)", raw)
	}
	if !Host(u.Hostname()) {
		return fmt.Errorf("url %q: must point at a loopback address (127.0.0.1, ::1 or localhost): hangar only targets this machine", raw)
	}
	return nil
}

// Policy checks URLs and addresses: loopback only, unless AllowRemote
// (`hangar run --allow-remote`) accepts any well-formed one too.
type Policy struct{ AllowRemote bool }

// CheckURL accepts a loopback http(s) URL, or with AllowRemote any http(s)
// URL; remote reports a non-loopback one.
func (p Policy) CheckURL(raw string) (remote bool, err error) {
	err = CheckURL(raw)
	if err == nil || !p.AllowRemote {
		return false, err
	}
	u, perr := url.Parse(raw)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false, err
	}
	return true, nil
}

// CheckAddr accepts a loopback host:port, or with AllowRemote any
// host:port (an empty host listens on every interface); remote reports a
// non-loopback one.
func (p Policy) CheckAddr(addr string) (remote bool, err error) {
	err = CheckAddr(addr)
	if err == nil || !p.AllowRemote {
		return false, err
	}
	if _, _, serr := net.SplitHostPort(addr); serr != nil {
		return false, err
	}
	return true, nil
}
