package diagnose

import (
	"time"
)

// Evidence is everything the rules read. It holds no defect list, no
// scenario and no target name: rules diagnose from what the target did.
type Evidence struct {
	// At is when the evidence was captured, since the run started: when
	// the first goroutine dump was asked for, after the health probing
	// before it (when Capture was called, for a target with no pprof).
	// Open uploads and their waits are counted at At.
	At time.Duration
	// SecondAt is when the second goroutine dump was asked for, after
	// the health probing before it (0: no second dump, or not recorded;
	// At+Gap stands in). An upload open from At to SecondAt is what says
	// a request goroutine in both dumps waited on one request.
	SecondAt time.Duration
	// Gap is the time between the two goroutine dumps; Stuck the wait
	// from which a rule calls something stuck.
	Gap   time.Duration
	Stuck time.Duration
	// OtherClients: the target may serve clients besides this run (one
	// the harness only attaches to, launch: external), whose requests the
	// evidence does not have; a request goroutine in both dumps then
	// keeps Both without an upload of the run's to witness it.
	OtherClients bool
	// Goroutines are the goroutines of the last dump, classified, with
	// the wait derived from both dumps. Dumps counts the dumps read.
	Goroutines []Waiter
	// Earlier are the first dump's goroutines when there are two: work
	// that churns (waits shed after a second) shows in one dump only.
	Earlier []Waiter
	Dumps   int
	// later is the last dump's goroutines while a rule reads the first
	// dump as Goroutines (check): a rule that says something is absent
	// from the target reads every dump (everyDump), not the one it is
	// shown.
	later []Waiter
	// Leaked counts goroutines in the leak profile (-1: none read).
	Leaked int
	// LLM is the fake LLM's journal, read just after the first dump,
	// oldest first; an in-flight call's Duration runs to that read.
	LLM []LLMRequest
	// Uploads are the run's uploads; Open marks those unanswered at At.
	Uploads []Upload
	Probes  []Probe
	// DumpProbes are the health probes sent with the dumps, one per dump
	// taken: a probe still out when its dump was taken was waiting in the
	// target, and the dump shows where.
	DumpProbes []DumpProbe
	Samples    []Sample
	// Interruptions are the spans the server was paused, killed or
	// restarting on purpose.
	Interruptions []Window
	// Restarts are the times the server was (re)started after the first.
	Restarts []time.Duration
	// Missing says which evidence could not be had, and why.
	Missing []string
	// Files are the raw evidence files written into the run directory.
	Files []string
}

// Waiter is one goroutine with its wait site and how long it has waited.
type Waiter struct {
	Goroutine
	Site Site
	// SiteFrame indexes Frames: the frame that identifies the site (-1).
	SiteFrame int
	// Waited is a lower bound of the time blocked at this site: the
	// dump's minutes, or the gap plus the first dump's minutes when Both.
	Waited time.Duration
	// Both: the same goroutine waited at the same stack in both dumps,
	// on one wait as far as the evidence tells. For a goroutine serving a
	// request other than the health check, which a keep-alive connection
	// reuses for the next request, Diagnose keeps it only when an upload
	// was open across both dumps or the target may have other clients
	// (see identified).
	Both bool
	// Unwitnessed: at the same stack in both dumps, Both taken back for
	// want of an upload open across them (maybe a new request in each).
	Unwitnessed bool
}

// LLMRequest is one request the fake LLM journaled.
type LLMRequest struct {
	Seq      int64
	Endpoint string // "chat", "embeddings", ...
	Start    time.Duration
	// Duration is how long it took; for one in flight, how long so far.
	Duration time.Duration
	InFlight bool
	Status   int
	Action   string // the fault the fake LLM applied, "" none
	Ending   string // complete, closed, reset, client_gone, aborted, in_flight
	Stream   bool
	Done     bool // [DONE] sent
	Bytes    int64
	Retry    int    // the client's retry count, -1 when not sent
	Body     uint32 // the request body's CRC-32, 0 when not journaled
}

// Upload is one upload as the diagnosis sees it.
type Upload struct {
	Index   int
	Start   time.Duration
	Latency time.Duration // until answered; for an open one, until At
	Status  int           // 0: no answer
	Error   string
	// Open: no answer yet when the evidence was captured.
	Open      bool
	DocStatus string
}

// Unanswered reports whether the upload got no HTTP answer (yet).
func (u Upload) Unanswered() bool { return u.Open || u.Status == 0 }

// Probe is one health probe.
type Probe struct {
	At      time.Duration
	Latency time.Duration
	OK      bool
	// Answered: a status came back (OK or not); a probe not answered was
	// given up on, its connection closed.
	Answered bool
}

// DumpProbe is a health probe sent just before a goroutine dump.
type DumpProbe struct {
	At      time.Duration // when it was sent, since the run started
	Latency time.Duration // until answered (or given up on)
	OK      bool          // answered with a 2xx or 3xx
	// Answered: a status came back (OK or not).
	Answered bool
	// Pending: still unanswered when the dump was taken.
	Pending bool
}

// Sample is one recorded metric value.
type Sample struct {
	At     time.Duration
	Source string // who exported it: "server", "fakellm", "harness"
	Metric string
	Labels map[string]string
	Value  float64
}

// Window is a span of the run.
type Window struct{ Start, End time.Duration }

// has reports whether there is a goroutine profile.
func (e *Evidence) hasGoroutines() bool { return e.Dumps > 0 }

// inFlight returns the LLM requests in flight at capture.
func (e *Evidence) inFlight() []LLMRequest {
	var out []LLMRequest
	for _, r := range e.LLM {
		if r.InFlight {
			out = append(out, r)
		}
	}
	return out
}

// unanswered returns the uploads with no answer (open, or given up on).
func (e *Evidence) unanswered() []Upload {
	var out []Upload
	for _, u := range e.Uploads {
		if u.Unanswered() {
			out = append(out, u)
		}
	}
	return out
}

// everyDump returns the goroutines of each dump read, whichever one the
// rule is shown as Goroutines: what a finding says no goroutine does, it
// must not do in the other dump either.
func (e *Evidence) everyDump() [][]Waiter {
	out := [][]Waiter{e.Goroutines}
	for _, ws := range [][]Waiter{e.Earlier, e.later} {
		if ws != nil {
			out = append(out, ws)
		}
	}
	return out
}

// at returns the goroutines waiting at one of sites.
func (e *Evidence) at(sites ...Site) []Waiter {
	var out []Waiter
	for _, w := range e.Goroutines {
		for _, s := range sites {
			if w.Site == s {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// interrupted reports whether t falls in a deliberate interruption.
func (e *Evidence) interrupted(t time.Duration) bool {
	for _, w := range e.Interruptions {
		if t >= w.Start && (w.End == 0 || t <= w.End) {
			return true
		}
	}
	return false
}
