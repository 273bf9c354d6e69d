package loopback

import (
	"strings"
	"testing"
)

func TestCheckURL(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		wantErr string
	}{
		{name: "ipv4", give: "http://127.0.0.1:8000"},
		{name: "other 127/8", give: "http://127.0.0.2:8000/x"},
		{name: "ipv6", give: "http://[::1]:8000"},
		{name: "localhost https", give: "https://localhost:8443"},
		{name: "private range", give: "http://10.0.0.5:8000", wantErr: "must point at a loopback address"},
		{name: "public host", give: "http://example.com", wantErr: "must point at a loopback address"},
		{name: "no scheme", give: "127.0.0.1:8000", wantErr: "invalid url"},
		{name: "ftp", give: "ftp://127.0.0.1/", wantErr: "invalid url"},
		{name: "garbage", give: "http://%zz", wantErr: "invalid url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckURL(tt.give)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckURL(%q) = %v", tt.give, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("CheckURL(%q) = %v, want %q", tt.give, err, tt.wantErr)
			}
		})
	}
}

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		name    string
		give    string
		wantErr string
	}{
		{name: "port 0", give: "127.0.0.1:0"},
		{name: "localhost", give: "localhost:9464"},
		{name: "ipv6", give: "[::1]:1"},
		{name: "all interfaces", give: "0.0.0.0:1", wantErr: "must be a loopback address"},
		{name: "empty host", give: ":8000", wantErr: "must be a loopback address"},
		{name: "no port", give: "127.0.0.1", wantErr: "missing port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAddr(tt.give)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckAddr(%q) = %v", tt.give, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("CheckAddr(%q) = %v, want %q", tt.give, err, tt.wantErr)
			}
		})
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:1", "http://[::1]:2/x", "http://10.1.1.1", "%", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckURL(s) == nil && !strings.HasPrefix(s, "http") {
			t.Fatalf("accepted %q", s)
		}
	})
}

func TestPolicy(t *testing.T) {
	tests := []struct {
		name       string
		allow      bool
		give       string
		addr       bool
		wantRemote bool
		wantErr    string
	}{
		{name: "loopback url", give: "http://127.0.0.1:8000"},
		{name: "remote url refused", give: "http://10.0.0.5:8000", wantErr: "must point at a loopback address"},
		{name: "remote url allowed", allow: true, give: "https://api.example.com", wantRemote: true},
		{name: "loopback url allowed stays local", allow: true, give: "http://localhost:1"},
		{name: "bad url allowed is still bad", allow: true, give: "ftp://x", wantErr: "invalid url"},
		{name: "loopback addr", addr: true, give: "127.0.0.1:0"},
		{name: "all interfaces refused", addr: true, give: "0.0.0.0:8585", wantErr: "must be a loopback address"},
		{name: "all interfaces allowed", allow: true, addr: true, give: ":8585", wantRemote: true},
		{name: "bad addr allowed is still bad", allow: true, addr: true, give: "nope", wantErr: "missing port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Policy{AllowRemote: tt.allow}
			check := p.CheckURL
			if tt.addr {
				check = p.CheckAddr
			}
			remote, err := check(tt.give)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || remote != tt.wantRemote {
				t.Fatalf("remote %v err %v, want remote %v", remote, err, tt.wantRemote)
			}
		})
	}
}
