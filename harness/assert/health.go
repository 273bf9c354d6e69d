package assert

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// HealthProbe is the probe name the health assertions read.
const HealthProbe = "health"

func healthProbes(r *report.Report) []report.Probe {
	var out []report.Probe
	for _, p := range r.Probes {
		if p.Name == HealthProbe {
			out = append(out, p)
		}
	}
	return out
}

func noProbes(name, desc, threshold string) report.Assertion {
	return report.Assertion{Name: name, Description: desc, Threshold: threshold, Verdict: report.VerdictError,
		Measured: "no probes", Detail: "no health probe was recorded"}
}

// P99 is the nearest-rank 99th percentile.
func P99(ls []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ls...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[int(math.Ceil(0.99*float64(len(s))))-1]
}

// HealthP99 bounds the p99 probe latency in every window of length w
// (the whole run when w is 0), sliding the window start over every probe.
// Two rules keep one scheduling stall from deciding (see p99Windows):
// a window holds at least MinP99Samples probes, and windows in which the
// harness's own probe loop was starved are left out. When every window
// was, the verdict is VerdictInconclusive where it would have failed: the
// data cannot tell a slow target from a starved harness. It still passes
// where it passes.
func HealthP99(in Input, bound, w time.Duration) report.Assertion {
	desc := "health probe p99 latency in every window"
	if w > 0 {
		desc = fmt.Sprintf("health probe p99 latency in every %s window", w)
	}
	a := report.Assertion{Name: report.AssertHealthP99, Description: desc, Threshold: le(bound), Limit: bound.Seconds()}
	ps := healthProbes(in.R)
	if len(ps) == 0 {
		return noProbes(a.Name, desc, a.Threshold)
	}
	ws := p99Windows(ps, w, true)
	worst := ws.worst()
	a.Measured, a.Value = fmtDur(worst.p99), worst.p99.Seconds()
	a.Verdict = verdict(worst.p99 <= bound)
	if ws.all && a.Verdict == report.VerdictFail {
		a.Verdict = report.VerdictInconclusive // a pass on starved windows is still a pass
	}
	a.WindowStart, a.WindowEnd = ps[worst.from].At, worst.end
	a.Detail = fmt.Sprintf("health p99 %s in window %s-%s (%d probes), %s%s", fmtDur(worst.p99), at(a.WindowStart), at(a.WindowEnd),
		worst.to-worst.from, afterUpload(in.R, a.WindowStart), ws.note(a.Verdict))
	return a
}

// MinP99Samples is the fewest probes a p99 is taken over. The nearest-rank
// p99 of n probes is their maximum while n < 100, so a 5s window of 100ms
// probes would fail on one slow probe. A window with fewer probes than this
// is widened forward until it has them; a run with fewer in all is one
// window, whose p99 is then its slowest probe.
const MinP99Samples = 100

// StarvedDelay is how late a probe may be sent after it was due before the
// harness itself counts as starved: a window with a probe near such a one says more
// about the harness's machine than about the target, and is left out of
// health.p99 (unless every window is, when none is left out and a failure
// is inconclusive instead). A stall of
// the harness while a probe is on the wire is not seen this way; the
// MinP99Samples rule absorbs a single one.
const StarvedDelay = 100 * time.Millisecond

// StarvedSpan is how far either side of a late probe the harness counts as
// starved: a window with a probe within it is left out.
const StarvedSpan = time.Second

// p99Window is the probes [from, to) and their p99; end is where the
// window ends in run time.
type p99Window struct {
	from, to int
	end      report.Duration
	p99      time.Duration
	starved  time.Duration // the latest probe send in it, 0 when none was late
}

type p99Set struct {
	kept     []p99Window
	excluded []p99Window
	all      bool // every window was starved, so none was left out
}

// p99Windows slides a window of length w (the whole run for 0) over ps,
// widened to MinP99Samples probes; with exclude, starved windows are set
// aside unless all are.
func p99Windows(ps []report.Probe, w time.Duration, exclude bool) p99Set {
	var late []report.Probe
	for _, p := range ps {
		if p.Delay.D() >= StarvedDelay {
			late = append(late, p)
		}
	}
	var all []p99Window
	for i := range ps {
		j := len(ps)
		if w > 0 {
			j = i
			for j < len(ps) && ps[j].At < ps[i].At+report.Duration(w) {
				j++
			}
		}
		if j-i < MinP99Samples {
			if i+MinP99Samples > len(ps) && i > 0 {
				break // the window from len-MinP99Samples holds these probes
			}
			j = min(i+MinP99Samples, len(ps))
		}
		all = append(all, newP99Window(ps, i, j, w, late))
		if w <= 0 || j == len(ps) {
			break
		}
	}
	var set p99Set
	for _, x := range all {
		if exclude && x.starved > 0 {
			set.excluded = append(set.excluded, x)
		} else {
			set.kept = append(set.kept, x)
		}
	}
	if len(set.kept) == 0 {
		set.kept, set.excluded, set.all = all, nil, true
	}
	return set
}

func newP99Window(ps []report.Probe, i, j int, w time.Duration, late []report.Probe) p99Window {
	x := p99Window{from: i, to: j, end: max(ps[i].At+report.Duration(w), ps[j-1].At+ps[j-1].Latency)}
	ls := make([]time.Duration, 0, j-i)
	for _, p := range ps[i:j] {
		ls = append(ls, p.Latency.D())
	}
	x.p99 = P99(ls)
	span := report.Duration(StarvedSpan)
	for _, l := range late {
		if l.At+span >= ps[i].At && l.At-span <= ps[j-1].At {
			x.starved = max(x.starved, l.Delay.D())
		}
	}
	return x
}

func (s p99Set) worst() p99Window {
	w := s.kept[0]
	for _, x := range s.kept[1:] {
		if x.p99 > w.p99 {
			w = x
		}
	}
	return w
}

// note says which windows were left out and why; with every window
// starved, what that means for verdict v.
func (s p99Set) note(v report.Verdict) string {
	late := time.Duration(0)
	for _, xs := range [][]p99Window{s.excluded, s.kept} {
		for _, x := range xs {
			late = max(late, x.starved)
		}
	}
	switch {
	case s.all && v == report.VerdictInconclusive:
		return fmt.Sprintf("; every window had the harness starved (its probe loop sent a probe up to %s late), "+
			"so the run cannot tell a slow target from a starved harness", fmtDur(late))
	case s.all:
		return fmt.Sprintf("; every window had the harness starved (its probe loop sent a probe up to %s late), "+
			"so none was left out, and it passed even so", fmtDur(late))
	case len(s.excluded) == 0:
		return ""
	}
	return fmt.Sprintf("; %d of %d windows left out: the harness was starved in them (its probe loop sent a probe up to %s late)",
		len(s.excluded), len(s.excluded)+len(s.kept), fmtDur(late))
}

// HealthMax bounds every probe's latency; a failed probe counts as the time
// it waited.
func HealthMax(in Input, bound time.Duration) report.Assertion {
	a := report.Assertion{Name: report.AssertHealthMax, Description: "every health probe answered within the bound",
		Threshold: le(bound), Limit: bound.Seconds()}
	ps := healthProbes(in.R)
	if len(ps) == 0 {
		return noProbes(a.Name, a.Description, a.Threshold)
	}
	w := ps[0]
	for _, p := range ps {
		if p.Latency > w.Latency || (!p.OK && w.OK && p.Latency == w.Latency) {
			w = p
		}
	}
	a.Measured, a.Value = fmtDur(w.Latency.D()), w.Latency.Seconds()
	a.Verdict = verdict(w.Latency.D() <= bound && (w.OK || w.Latency.D() < bound))
	a.WindowStart, a.WindowEnd = w.At, w.At+w.Latency
	a.Detail = fmt.Sprintf("slowest probe at %s took %s%s, %s", at(w.At), fmtDur(w.Latency.D()), errSuffix(w), afterUpload(in.R, w.At))
	return a
}

func errSuffix(p report.Probe) string {
	if p.OK {
		return ""
	}
	return " (" + p.Error + ")"
}

// HealthFailures bounds the number of failed probes.
func HealthFailures(in Input, bound int) report.Assertion {
	a := report.Assertion{Name: report.AssertHealthFailures, Description: "failed health probes (timeouts, errors, non-2xx)",
		Threshold: fmt.Sprintf("<= %d", bound), Limit: float64(bound)}
	ps := healthProbes(in.R)
	if len(ps) == 0 {
		return noProbes(a.Name, a.Description, a.Threshold)
	}
	var failed []report.Probe
	for _, p := range ps {
		if !p.OK {
			failed = append(failed, p)
		}
	}
	a.Measured, a.Value = fmt.Sprintf("%d of %d", len(failed), len(ps)), float64(len(failed))
	a.Verdict = verdict(len(failed) <= bound)
	if len(failed) > 0 {
		f, l := failed[0], failed[len(failed)-1]
		a.WindowStart, a.WindowEnd = f.At, l.At+l.Latency
		a.Detail = fmt.Sprintf("first failure at %s (%s), %s; last at %s", at(f.At), f.Error, afterUpload(in.R, f.At), at(l.At))
	}
	return a
}

// HealthP99Param is health.p99 with the health.window it reads.
type HealthP99Param struct {
	Bound  time.Duration `yaml:"p99"`
	Window time.Duration `yaml:"window"`
}

var healthWindow = Option{Key: "window",
	Doc: "the sliding window health.p99 is computed over (default: the whole run)",
	Check: func(c *Checker, v any) {
		w := v.(time.Duration)
		c.Positive(w)
		if c.Duration > 0 && w > c.Duration {
			c.Errorf("%s is longer than the run (duration %s)", w, c.Duration)
		}
	}}

func init() {
	Register(Def{Name: report.AssertHealthP99, Order: 10, Example: "health: {p99: 250ms, window: 5s}",
		Doc: "The 99th percentile latency of the `/health` probes (nearest rank) in every sliding `window` " +
			"(the whole run without one) is at most the bound. The probe runs on its own goroutine and connection " +
			"every `probes.health.interval`; a probe that gets no answer within its timeout counts as that timeout. " +
			"A window holds at least 100 probes (it is widened forward until it does; a run with fewer is one window " +
			"whose p99 is its slowest probe), so one slow probe never decides alone. A window with a probe within 1s of " +
			"one the harness sent 100ms or more after it was due is left out, the harness itself having been starved " +
			"(the detail says which were left out). When every window is, none is left out: the entry still passes if " +
			"the probes are within the bound, but where they are not its verdict is inconclusive, not a failure, since " +
			"the run cannot tell a slow target from a starved harness (the run's verdict is then inconclusive unless " +
			"another entry failed).",
		Param: HealthP99Param{}, Options: []Option{healthWindow},
		Check: func(c *Checker, p any) { c.Positive(p.(HealthP99Param).Bound) },
		Eval: func(in *Input, p any) report.Assertion {
			x := p.(HealthP99Param)
			return HealthP99(*in, x.Bound, x.Window)
		},
		Live: healthP99Live, Final: orProbingOver(healthP99Live), Probed: true,
		FinalWhen: "a complete window (with `window`) is already over the bound, or probing is over (every other stated entry is final)",
		Diagnose:  true, Failing: healthP99Failed, Early: healthP99Early,
	})
	Register(Def{Name: report.AssertHealthMax, Order: 11, Example: "health: {max: 1s}",
		Doc:   "Every `/health` probe is answered within the bound; a probe with no answer counts as the time it waited.",
		Param: time.Duration(0),
		Check: func(c *Checker, p any) { c.Positive(p.(time.Duration)) },
		Eval:  func(in *Input, p any) report.Assertion { return HealthMax(*in, p.(time.Duration)) },
		Live:  healthMaxLive, Final: orProbingOver(healthMaxLive), Probed: true,
		FinalWhen: "a probe was already over the bound, or probing is over (every other stated entry is final)",
		Diagnose:  true,
	})
	Register(Def{Name: report.AssertHealthFailures, Order: 12, Example: "health: {failures: 0}",
		Doc:   "At most this many `/health` probes fail over the whole run (timeouts, connection errors, non-2xx).",
		Param: 0,
		Check: func(c *Checker, p any) { c.NotNegative(p.(int)) },
		Eval:  func(in *Input, p any) report.Assertion { return HealthFailures(*in, p.(int)) },
		Live:  healthFailuresLive, Final: orProbingOver(healthFailuresLive), Probed: true,
		FinalWhen: "more probes than the bound already failed, or probing is over (every other stated entry is final)",
		Diagnose:  true,
	})
}

// healthP99Failed: a window that can no longer change (a later probe
// exists) is over the bound, and the harness was not starved in it. While
// every window so far is starved nothing is certain: the final verdict
// would be inconclusive, so it neither fails fast nor captures.
func healthP99Failed(in *Input, p any) bool {
	x := p.(HealthP99Param)
	if x.Window <= 0 {
		return false
	}
	ps := healthProbes(in.R)
	ws := p99Windows(ps, x.Window, true)
	if ws.all {
		return false
	}
	for _, w := range ws.kept {
		if w.to < len(ps) && w.p99 > x.Bound {
			return true
		}
	}
	return false
}

// healthP99Early: a probe of the last EarlyRecent, sent on time, came back
// over the bound. Its window may yet pass (a long one's p99 can absorb one
// slow probe), but why it was slow can be seen only now, while the target
// is under the load that slowed it.
func healthP99Early(in *Input, p any) bool {
	ps := healthProbes(in.R)
	if len(ps) == 0 {
		return false
	}
	since := ps[len(ps)-1].At.D() - EarlyRecent
	for i := len(ps) - 1; i >= 0 && ps[i].At.D() >= since; i-- {
		if ps[i].Latency.D() > p.(HealthP99Param).Bound && ps[i].Delay.D() < StarvedDelay {
			return true
		}
	}
	return false
}

// EarlyRecent is how recent a slow probe must be for an early capture:
// the watch asks a few times a second, and a probe stays the latest only
// until the next.
const EarlyRecent = time.Second

// healthP99Live is healthP99Failed for fail-fast, with what it saw.
func healthP99Live(in *Input, p any) (bool, string) {
	if !healthP99Failed(in, p) {
		return false, ""
	}
	x := p.(HealthP99Param)
	return true, fmt.Sprintf("a complete %s window of health probes has p99 over %s", fmtDur(x.Window), fmtDur(x.Bound))
}

func healthMaxLive(in *Input, p any) (bool, string) {
	bound := p.(time.Duration)
	for _, pr := range healthProbes(in.R) {
		if l := pr.Latency.D(); l > bound || (!pr.OK && l >= bound) {
			return true, fmt.Sprintf("health probe took %s (%s)", l, orOK(pr.Error))
		}
	}
	return false, ""
}

func orOK(s string) string {
	if s == "" {
		return "ok"
	}
	return s
}

func healthFailuresLive(in *Input, p any) (bool, string) {
	bound := p.(int)
	n := 0
	for _, pr := range healthProbes(in.R) {
		if pr.OK {
			continue
		}
		if n++; n > bound {
			return true, fmt.Sprintf("%d failed health probes (%s)", n, pr.Error)
		}
	}
	return false, ""
}

// orProbingOver turns a Live check into a Final one: a certain failure is
// final, and so is anything once probing is over.
func orProbingOver(live func(*Input, any) (bool, string)) func(*Input, any) bool {
	return func(in *Input, p any) bool {
		failed, _ := live(in, p)
		return failed || in.ProbingOver
	}
}
