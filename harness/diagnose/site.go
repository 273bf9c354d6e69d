package diagnose

import (
	"regexp"
	"strings"
)

// Site is the kind of place a goroutine waits at, named generically.
type Site string

// Wait sites, from the most specific.
const (
	SiteBarrier Site = "batch wait"   // sync.WaitGroup.Wait, errgroup.Wait
	SiteMutex   Site = "mutex"        // sync.Mutex / RWMutex Lock, or a lock-named channel wait
	SiteSlot    Site = "slot acquire" // a semaphore, bulkhead or limiter acquire
	SiteSleep   Site = "sleep"        // time.Sleep, or a timer wait in retry or backoff code
	SiteHTTP    Site = "http read"    // an outbound HTTP call awaiting headers or body
	SiteCond    Site = "cond wait"    // sync.Cond.Wait
	SiteIO      Site = "io wait"      // any other network or file wait (servers' own reads)
	SiteChan    Site = "channel"      // any other channel operation or select
	SiteRun     Site = "running"      // not blocked
	SiteOther   Site = "other"
)

var (
	slotName  = regexp.MustCompile(`(?i)acquire|permit|semaphore|bulkhead|\bsem\b`)
	lockName  = regexp.MustCompile(`(?i)lock`)
	sleepName = regexp.MustCompile(`(?i)retry|backoff|sleep|delay`)
)

// Classify names g's wait site and the index in g.Frames of the frame that
// identifies it (-1 when none does).
func Classify(g Goroutine) (Site, int) {
	if s, i := classifyFrames(g); s != "" {
		return s, i
	}
	return classifyReason(g)
}

// classifyFrames looks at the innermost frames outside the runtime.
func classifyFrames(g Goroutine) (Site, int) {
	for i, f := range g.Frames {
		fn := f.Func
		switch {
		case strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/"):
			continue
		case fn == "sync.(*WaitGroup).Wait" || strings.HasSuffix(fn, "errgroup.(*Group).Wait"):
			return SiteBarrier, i
		case strings.HasPrefix(fn, "sync.(*Mutex).") || strings.HasPrefix(fn, "sync.(*RWMutex)."):
			return SiteMutex, i
		case strings.HasPrefix(fn, "sync.(*Cond).Wait"):
			return SiteCond, i
		case fn == "time.Sleep":
			return SiteSleep, i
		case strings.HasPrefix(fn, "net/http.(*persistConn).roundTrip") || strings.HasPrefix(fn, "net/http.(*bodyEOFSignal).Read") ||
			strings.HasPrefix(fn, "net/http.(*cancelTimerBody).Read"):
			return SiteHTTP, i
		case strings.HasPrefix(fn, "sync.") || strings.HasPrefix(fn, "internal/") || isPlumbing(fn):
			continue
		}
		return classifyOwnFrame(g, fn, i)
	}
	return "", -1
}

// classifyOwnFrame classifies by the first frame outside the standard
// library's plumbing: a channel wait there is a slot, a lock, a sleep or a
// plain channel by what the function is called.
func classifyOwnFrame(g Goroutine, fn string, i int) (Site, int) {
	name := baseName(fn)
	if !isChanWait(g.Reason) && g.Reason != "semacquire" {
		return "", -1
	}
	switch {
	case lockName.MatchString(name) && !slotName.MatchString(name):
		return SiteMutex, i
	case slotName.MatchString(name) || (g.Reason == "chan send" && !strings.Contains(name, "func")):
		return SiteSlot, i
	case g.Reason == "select" && sleepName.MatchString(name):
		return SiteSleep, i
	}
	return SiteChan, i
}

func classifyReason(g Goroutine) (Site, int) {
	switch r := g.Reason; {
	case r == "running" || r == "runnable" || r == "syscall":
		return SiteRun, -1
	case r == "sleep":
		return SiteSleep, -1
	case r == "IO wait":
		return SiteIO, -1
	case isChanWait(r):
		return SiteChan, -1
	}
	return SiteOther, -1
}

func isChanWait(reason string) bool {
	return strings.HasPrefix(reason, "chan ") || strings.HasPrefix(reason, "select")
}

// plumbing are standard-library packages a wait passes through: they say
// how a goroutine waits, not who it is.
var plumbing = []string{"time.", "context.", "net.", "bufio.", "io.", "os.", "syscall.", "crypto/tls.", "net/http.",
	"net/http/internal.", "compress/", "mime/"}

func isPlumbing(fn string) bool {
	for _, p := range plumbing {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// isStdlib reports whether fn is in the standard library: its import
// path's first element has no dot, and it is not package main.
func isStdlib(fn string) bool {
	pkg := pkgOf(fn)
	first, _, _ := strings.Cut(pkg, "/")
	return pkg != "main" && !strings.Contains(first, ".")
}

// pkgOf is fn's import path: "github.com/x/y/llm.(*Client).Chat" →
// "github.com/x/y/llm".
func pkgOf(fn string) string {
	slash := strings.LastIndex(fn, "/") + 1
	dot := strings.IndexByte(fn[slash:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:slash+dot]
}

// moduleOf approximates fn's module: the first three path elements of a
// hosted path ("github.com/x/y"), the first two of golang.org/x and
// gopkg.in paths, else the package.
func moduleOf(fn string) string {
	pkg := pkgOf(fn)
	parts := strings.Split(pkg, "/")
	if !strings.Contains(parts[0], ".") {
		return parts[0]
	}
	return strings.Join(parts[:min(len(parts), 3)], "/")
}

// baseName drops the import path: "github.com/x/y/llm.(*Client).Chat" →
// "llm.(*Client).Chat".
func baseName(fn string) string { return fn[strings.LastIndex(fn, "/")+1:] }
