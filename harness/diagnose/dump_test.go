package diagnose

import (
	"strings"
	"testing"
	"time"
)

const sampleDump = `goroutine 87 [select, 2 minutes]:
github.com/failsafe-go/failsafe-go/bulkhead.(*bulkhead[...]).AcquirePermitWithMaxWait(0x428c1d, {0x1c735c0?, 0x19407f9da230?}, 0x3b9aca00?)
	/mod/bulkhead/bulkhead.go:141 +0x1d
main.upload(...)
	/src/main.go:12
created by net/http.(*Server).Serve in goroutine 65
	/go/src/net/http/server.go:3454 +0x485

goroutine 1 [chan receive, locked to thread]:
main.main()
	/src/main.go:30 +0x5
...additional frames elided...
`

func TestParseDump(t *testing.T) {
	d, err := ParseDump(strings.NewReader(sampleDump))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Goroutines) != 2 || d.Raw != sampleDump {
		t.Fatalf("got %d goroutines", len(d.Goroutines))
	}
	g := d.Goroutines[0]
	want := Frame{Func: "github.com/failsafe-go/failsafe-go/bulkhead.(*bulkhead[...]).AcquirePermitWithMaxWait", File: "/mod/bulkhead/bulkhead.go", Line: 141}
	switch {
	case g.ID != 87 || g.Reason != "select" || g.Wait() != 2*time.Minute:
		t.Errorf("header: %+v", g)
	case len(g.Frames) != 2 || g.Frames[0] != want || g.Frames[1].Func != "main.upload" || g.Frames[1].Line != 12:
		t.Errorf("frames: %+v", g.Frames)
	case g.CreatedBy != "net/http.(*Server).Serve" || g.Parent != 65:
		t.Errorf("created by %q in %d", g.CreatedBy, g.Parent)
	case d.Goroutines[1].Reason != "chan receive" || d.Goroutines[1].Minutes != 0:
		t.Errorf("second: %+v", d.Goroutines[1])
	}
	if s, _ := Classify(g); s != SiteSlot {
		t.Errorf("site %s, want %s", s, SiteSlot)
	}
}

func TestParseDumpErrors(t *testing.T) {
	tests := []struct {
		name, give, want string
	}{
		{name: "no header", give: "main.main()\n", want: `goroutine dump: line 1: want a goroutine header, got "main.main()"`},
		{name: "bad header", give: "goroutine x [select]:\n", want: `goroutine dump: line 1: malformed goroutine id in "goroutine x [select]:"`},
		{name: "no brackets", give: "goroutine 1 select:\n", want: `goroutine dump: line 1: malformed goroutine header "goroutine 1 select:"`},
		{name: "file first", give: "goroutine 1 [select]:\n\t/a.go:1\n", want: `goroutine dump: line 2: file line "/a.go:1" before any frame`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseDump(strings.NewReader(tt.give)); err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
		})
	}
}

func TestWaitersAcrossDumps(t *testing.T) {
	first, _ := ParseDump(strings.NewReader(sampleDump))
	second, _ := ParseDump(strings.NewReader(strings.Replace(sampleDump, "2 minutes", "3 minutes", 1)))
	ws := Waiters(first, second, 3*time.Second)
	if !ws[0].Both || ws[0].Waited != 3*time.Minute || !ws[1].Both || ws[1].Waited != 3*time.Second {
		t.Fatalf("waits %+v %+v", ws[0], ws[1])
	}
	gs := GroupWaiters(append(ws, ws[0]))
	if len(gs) != 2 || len(gs[0].IDs) != 2 || gs[0].Longest != 3*time.Minute {
		t.Fatalf("groups %+v", gs)
	}
}

func FuzzParseDump(f *testing.F) {
	f.Add(sampleDump)
	f.Add("goroutine 1 [running]:\nmain.f(0x1)\n\t/a.go:3 +0x1\n")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDump(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, g := range d.Goroutines {
			Classify(g)
			if g.ID < 0 {
				t.Fatalf("negative id %d", g.ID)
			}
		}
		Waiters(d, d, time.Second)
	})
}
