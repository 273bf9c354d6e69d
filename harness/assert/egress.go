package assert

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/harness/report"
)

// EgressRefused: the target tried to reach beyond loopback (through the
// run's refusing proxy) at most max times.
func EgressRefused(in Input, max int) report.Assertion {
	a := report.Assertion{Name: report.AssertEgressRefused,
		Description: "attempts by the target to reach beyond loopback, refused by the run's egress proxy",
		Threshold:   fmt.Sprintf("<= %d", max), Limit: float64(max)}
	e := in.R.Target.Egress
	a.Value, a.Measured = float64(e.Refused), fmt.Sprintf("%d refused", e.Refused)
	a.Verdict = verdict(e.Refused <= max)
	if e.Refused == 0 {
		a.Detail = "the target made no attempt to leave loopback"
		return a
	}
	var hosts []string
	for _, h := range slices.Sorted(maps.Keys(e.Hosts)) {
		hosts = append(hosts, fmt.Sprintf("%s ×%d", h, e.Hosts[h]))
	}
	a.Detail = fmt.Sprintf("%d attempts refused by the egress proxy: %s", e.Refused, strings.Join(hosts, ", "))
	return a
}

func init() {
	Register(Def{Name: report.AssertEgressRefused, Order: 80, Example: "egress: {refused: 0}",
		Doc: "The target tried to reach beyond loopback at most this many times (usually 0). Launchers that take " +
			"an egress proxy (`launch: process`) point `HTTP_PROXY`/`HTTPS_PROXY` at one that refuses every request " +
			"and counts it, by host; not evaluated when the target had none (another launcher, or `egress: allow`).",
		Param: 0,
		Check: func(c *Checker, p any) { c.NotNegative(p.(int)) },
		Eval:  func(in *Input, p any) report.Assertion { return EgressRefused(*in, p.(int)) },
		Skip: func(in *Input, _ any) string {
			if in.R.Target.Egress == nil {
				return "the target had no egress proxy (its launcher takes none, or egress: allow)"
			}
			return ""
		},
		FinishedRun: true,
	})
}
