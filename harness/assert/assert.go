package assert

import (
	"fmt"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

func verdict(ok bool) report.Verdict {
	if ok {
		return report.VerdictPass
	}
	return report.VerdictFail
}

func le(d time.Duration) string { return "<= " + fmtDur(d) }

// fmtDur rounds durations for people: 4.812s, 35ms, 120µs.
func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	default:
		return d.Round(time.Microsecond).String()
	}
}

func at(d report.Duration) string { return fmtDur(d.D()) }

// answeredBy counts uploads answered at or before t.
func answeredBy(r *report.Report, t report.Duration) int {
	n := 0
	for _, u := range r.Uploads {
		if u.Start+u.Latency <= t {
			n++
		}
	}
	return n
}

// afterUpload says where t falls in the upload sequence.
func afterUpload(r *report.Report, t report.Duration) string {
	if n := answeredBy(r, t); n > 0 {
		return fmt.Sprintf("after upload %d", n)
	}
	return "before any upload was answered"
}
