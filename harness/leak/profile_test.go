package leak

import (
	"os"
	"strings"
	"testing"
)

func TestParseProfileGolden(t *testing.T) {
	f, err := os.Open("testdata/goroutine-debug1.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ParseProfile(f)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 7 || len(p.Groups) != 7 {
		t.Fatalf("total %d groups %d, want 7 and 7", p.Total, len(p.Groups))
	}
	tops := p.ByTop()
	if _, ok := tops["net/http.(*persistConn).readLoop"]; ok {
		t.Error("client connection loops must not be counted")
	}
	for _, want := range []string{"main.main", "main.main.func1", "main.main.func2", "net/http.(*connReader).Read",
		"net/http.(*Server).Serve"} {
		if tops[want] != 1 {
			t.Errorf("top %q count %d, want 1 (tops %v)", want, tops[want], tops)
		}
	}
}

func TestDiff(t *testing.T) {
	mk := func(counts map[string]int) *Profile {
		p := &Profile{}
		for top, n := range counts {
			p.Groups = append(p.Groups, Group{Count: n, Frames: []string{"internal/poll.runtime_pollWait", top}, Text: top + "\n"})
			p.Total += n
		}
		return p
	}
	tests := []struct {
		name          string
		before, after map[string]int
		want          string
	}{
		{"same", map[string]int{"a.f": 2}, map[string]int{"a.f": 2}, ""},
		{"fewer is fine", map[string]int{"a.f": 3}, map[string]int{"a.f": 1}, ""},
		{"grew", map[string]int{"a.f": 1}, map[string]int{"a.f": 4, "b.g": 1}, "a.f 1→4; b.g 0→1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Describe(Diff(mk(tt.before), mk(tt.after))); got != tt.want {
				t.Fatalf("Describe(Diff) = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseProfileErrors(t *testing.T) {
	tests := []struct{ name, give, want string }{
		{"empty", "", "read profile: empty"},
		{"bad total", "goroutine profile: total x\n", "profile line 1: bad total"},
		{"bad count", "goroutine profile: total 1\nx @ 0x1\n", "profile line 2: bad count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile(strings.NewReader(tt.give))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzParseProfile(f *testing.F) {
	data, _ := os.ReadFile("testdata/goroutine-debug1.txt")
	f.Add(string(data))
	f.Add("goroutineleak profile: total 0\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProfile(strings.NewReader(s))
		if err == nil {
			_ = Diff(p, p)
			if len(Diff(p, p)) != 0 {
				t.Fatal("a profile differs from itself")
			}
		}
	})
}

func TestIsStdlib(t *testing.T) {
	tests := []struct {
		give string
		want bool
	}{
		{"net/http.(*persistConn).Read", true},
		{"fmt.Fprintf", true},
		{"main.runServer", false},
		{"github.com/sashabaranov/go-openai.decodeResponse", false},
		{"golang.org/x/sync/errgroup.(*Group).Go.func1", false},
		{"internal/poll.runtime_pollWait", true},
	}
	for _, tt := range tests {
		if got := isStdlib(tt.give); got != tt.want {
			t.Errorf("isStdlib(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

func TestBaselineTakesMostPerTop(t *testing.T) {
	a := &Profile{Groups: []Group{{Count: 2, Frames: []string{"x.f"}}, {Count: 1, Frames: []string{"y.g"}}}}
	b := &Profile{Groups: []Group{{Count: 1, Frames: []string{"x.f"}}, {Count: 3, Frames: []string{"z.h"}}}}
	got := Baseline(a, b).ByTop()
	if got["x.f"] != 2 || got["y.g"] != 1 || got["z.h"] != 3 || len(got) != 3 {
		t.Fatalf("Baseline = %v", got)
	}
	if d := Diff(Baseline(a, b), b); len(d) != 0 {
		t.Fatalf("a snapshot grew against its own baseline: %v", d)
	}
}
