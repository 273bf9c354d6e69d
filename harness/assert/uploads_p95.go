package assert

import (
	"fmt"
	"slices"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// UploadsP95 is the name of the uploads.p95 entry.
const UploadsP95 = "uploads.p95"

func init() {
	Register(Def{Name: UploadsP95, Order: 22, Example: "uploads: {p95: 2s}",
		Doc: "The 95th percentile latency (nearest rank) of the answered uploads (an HTTP answer, any status) " +
			"is at most the bound. Uploads without an answer are not counted: uploads.answered_within judges those.",
		Param: time.Duration(0),
		Check: func(c *Checker, p any) { c.Positive(p.(time.Duration)) },
		Eval:  uploadsP95,
		Skip:  cancelledByStop(UploadsP95),
		Live:  uploadsP95Live, Final: uploadsFinal(uploadsP95Live),
		FinalWhen: "every planned upload has ended, or more than 5% of the planned uploads were already answered over the bound",
		Diagnose:  true,
	})
}

func uploadsP95(in *Input, p any) report.Assertion {
	bound := p.(time.Duration)
	a := report.Assertion{Name: UploadsP95, Description: "95th percentile latency of the answered uploads",
		Threshold: le(bound), Limit: bound.Seconds()}
	var ls []time.Duration
	slowest := report.Upload{}
	for _, u := range in.R.Uploads {
		if u.Status == 0 {
			continue
		}
		ls = append(ls, u.Latency.D())
		if u.Latency >= slowest.Latency {
			slowest = u
		}
	}
	if len(ls) == 0 {
		a.Verdict, a.Measured, a.Detail = report.VerdictError, "no answers", "no upload was answered"
		return a
	}
	slices.Sort(ls)
	q := ls[(19*len(ls)+19)/20-1] // nearest rank: ceil(0.95 n)
	a.Measured, a.Value = fmtDur(q), q.Seconds()
	a.Verdict = verdict(q <= bound)
	a.WindowStart, a.WindowEnd = slowest.Start, slowest.Start+slowest.Latency
	a.Detail = fmt.Sprintf("p95 of %d answered uploads %s; slowest: upload %d took %s", len(ls), fmtDur(q),
		slowest.Index+1, fmtDur(slowest.Latency.D()))
	return a
}

// uploadsP95Live: with n answered uploads in the end (n <= planned), the
// p95 is over the bound once more than n/20 of them are; more than
// planned/20 already slow settles it for every n.
func uploadsP95Live(in *Input, p any) (bool, string) {
	bound := p.(time.Duration)
	slow := 0
	for _, u := range in.R.Uploads {
		if u.Status != 0 && u.Latency.D() > bound {
			slow++
		}
	}
	if slow > 0 && slow > in.Planned/20 {
		return true, fmt.Sprintf("%d of %d planned uploads already answered after more than %s", slow, in.Planned, fmtDur(bound))
	}
	return false, ""
}
