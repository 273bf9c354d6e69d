package assert

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// AnsweredWithin: every planned upload was sent and answered (a response,
// any status) within bound.
func AnsweredWithin(in Input, bound time.Duration) report.Assertion {
	a := report.Assertion{Name: report.AssertUploadsAnsweredWithin, Description: "every upload answered within the bound",
		Threshold: le(bound), Limit: bound.Seconds()}
	us := in.R.Uploads
	if len(us) == 0 {
		a.Verdict, a.Measured, a.Detail = report.VerdictFail, "0 sent", "no upload was sent"
		return a
	}
	worst := us[0]
	var late []string
	for _, u := range us {
		if u.Latency > worst.Latency || (u.Status == 0 && worst.Status != 0) {
			worst = u
		}
		if u.Status == 0 || u.Latency.D() > bound {
			late = append(late, fmt.Sprintf("upload %d at %s: %s", u.Index+1, at(u.Start), uploadOutcome(u)))
		}
	}
	a.Measured, a.Value = fmtDur(worst.Latency.D()), worst.Latency.Seconds()
	a.WindowStart, a.WindowEnd = worst.Start, worst.Start+worst.Latency
	switch {
	case len(late) > 0:
		a.Verdict = report.VerdictFail
		a.Detail = fmt.Sprintf("%d of %d uploads not answered in time; %s", len(late), len(us), firstN(late, 3))
	case len(us) < in.Planned:
		a.Verdict = report.VerdictFail
		a.Detail = fmt.Sprintf("only %d of %d uploads were sent before the run stopped", len(us), in.Planned)
	default:
		a.Verdict = report.VerdictPass
		a.Detail = fmt.Sprintf("slowest: upload %d took %s (%s)", worst.Index+1, fmtDur(worst.Latency.D()), uploadOutcome(worst))
	}
	return a
}

func uploadOutcome(u report.Upload) string {
	switch {
	case u.Status == 0:
		return fmt.Sprintf("no answer after %s: %s", fmtDur(u.Latency.D()), u.Error)
	case u.Error != "":
		return fmt.Sprintf("%d after %s: %s", u.Status, fmtDur(u.Latency.D()), u.Error)
	}
	return fmt.Sprintf("%d after %s", u.Status, fmtDur(u.Latency.D()))
}

func firstN(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, "; ")
	}
	return strings.Join(s[:n], "; ") + fmt.Sprintf("; and %d more", len(s)-n)
}

// StatusIn: every answered upload's status is in allowed (unanswered
// uploads are AnsweredWithin's business).
func StatusIn(in Input, allowed []int) report.Assertion {
	a := report.Assertion{Name: report.AssertUploadsStatus, Description: "every upload answered with an allowed status",
		Threshold: fmt.Sprintf("in %v", allowed)}
	counts := map[int]int{}
	var bad []string
	for _, u := range in.R.Uploads {
		if u.Status == 0 {
			continue
		}
		counts[u.Status]++
		if !slices.Contains(allowed, u.Status) {
			bad = append(bad, fmt.Sprintf("upload %d at %s: %s", u.Index+1, at(u.Start), uploadOutcome(u)))
		}
	}
	a.Measured, a.Value = statusCounts(counts), float64(len(bad))
	a.Verdict = verdict(len(bad) == 0)
	if len(bad) > 0 {
		a.Detail = fmt.Sprintf("%d uploads got a status outside the set; %s", len(bad), firstN(bad, 3))
	}
	return a
}

func statusCounts(m map[int]int) string {
	if len(m) == 0 {
		return "no answers"
	}
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d×%d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func init() {
	Register(Def{Name: report.AssertUploadsAnsweredWithin, Order: 20, Example: "uploads: {answered_within: 20s}",
		Doc: "Every planned upload was sent and got an HTTP answer (any status) within the bound. " +
			"An upload with no answer names its error (\"no answer after 30s: upload timed out after 30s\").",
		Param: time.Duration(0),
		Check: func(c *Checker, p any) { c.Positive(p.(time.Duration)) },
		Eval:  func(in *Input, p any) report.Assertion { return AnsweredWithin(*in, p.(time.Duration)) },
		Skip:  cancelledByStop(report.AssertUploadsAnsweredWithin),
		Live:  answeredLive, Final: uploadsFinal(answeredLive),
		FinalWhen: "every planned upload has ended, or one is (or was) unanswered past the bound",
		Diagnose:  true,
	})
	Register(Def{Name: report.AssertUploadsStatus, Order: 21, Example: "uploads: {status: [201, 503]}",
		Doc: "Every answered upload got a status from the list (uploads without an answer are " +
			"uploads.answered_within's business).",
		Param: []int(nil), Check: checkStatuses,
		Eval: func(in *Input, p any) report.Assertion { return StatusIn(*in, p.([]int)) },
		Live: statusLive, Final: uploadsFinal(statusLive),
		FinalWhen: "every planned upload has ended, or one got a status outside the list",
		Diagnose:  true,
	})
}

func checkStatuses(c *Checker, p any) {
	codes := p.([]int)
	if len(codes) == 0 {
		c.Errorf("give at least one status code")
	}
	for i, code := range codes {
		switch {
		case code < 100 || code > 599:
			c.ErrorfIn(fmt.Sprintf("[%d]", i), "%d is not an HTTP status code", code)
		case slices.Index(codes, code) < i:
			c.ErrorfIn(fmt.Sprintf("[%d]", i), "status %d listed twice", code)
		}
	}
}

// cancelledByStop skips an upload entry after a fail-fast stop on another
// entry: the uploads in flight were cancelled, not answered.
func cancelledByStop(name string) func(*Input, any) string {
	return func(in *Input, _ any) string {
		if in.Tripped != "" && in.Tripped != name {
			return "uploads in flight were cancelled by the fail-fast stop on " + in.Tripped
		}
		return ""
	}
}

// uploadsFinal: every planned upload ended, or the entry certainly failed.
func uploadsFinal(live func(*Input, any) (bool, string)) func(*Input, any) bool {
	return func(in *Input, p any) bool {
		failed, _ := live(in, p)
		return failed || in.allEnded()
	}
}

func answeredLive(in *Input, p any) (bool, string) {
	bound := p.(time.Duration)
	for _, u := range in.R.Uploads {
		if u.Status == 0 || u.Latency.D() > bound {
			return true, fmt.Sprintf("upload %d: status %d after %s %s", u.Index+1, u.Status, u.Latency.D(), u.Error)
		}
	}
	var oldest Open
	for _, o := range in.InFlight {
		if oldest.Ordinal == 0 || o.Start < oldest.Start {
			oldest = o
		}
	}
	if age := (in.Now - oldest.Start).D(); oldest.Ordinal > 0 && age > bound {
		return true, fmt.Sprintf("upload %d still unanswered after %s", oldest.Ordinal, age.Round(time.Millisecond))
	}
	return false, ""
}

func statusLive(in *Input, p any) (bool, string) {
	allowed := p.([]int)
	for _, u := range in.R.Uploads {
		if u.Status != 0 && !slices.Contains(allowed, u.Status) {
			return true, fmt.Sprintf("upload %d: status %d %s", u.Index+1, u.Status, u.Error)
		}
	}
	return false, ""
}
