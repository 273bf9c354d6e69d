package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteSummary writes the plain-text verdict: one header line, a table of
// assertions, one line each for uploads, probes and faults, and one line
// per diagnosed failure class, top first.
func WriteSummary(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (seed %d, %s, launch %s%s)\n", r.Scenario.Name, strings.ToUpper(string(r.Outcome())),
		r.Seed, r.Elapsed().Short(), orDash(r.Target.Launch), defectsNote(r.Target.Defects))
	if r.Error != "" {
		fmt.Fprintf(&b, "harness error: %s\n", r.Error)
	}
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  ASSERTION\tVERDICT\tMEASURED\tTHRESHOLD\tDETAIL")
	for _, a := range r.Assertions {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", a.Name, a.Shown(),
			orDash(a.Measured), orDash(a.Threshold), oneLine(a.Detail))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "uploads: %s\n", uploadSummary(r.Uploads))
	fmt.Fprintf(&b, "probes: %s\n", probeSummary(r.Probes))
	fmt.Fprintf(&b, "faults: %s\n", faultSummary(r.Faults()))
	for _, l := range diagnosisLines(r.Diagnosis) {
		fmt.Fprintln(&b, l)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func defectsNote(d []string) string {
	if len(d) == 0 {
		return ""
	}
	return ", defects " + strings.Join(d, ",")
}

// uploadSummary counts uploads by outcome: "20 sent: 17x201, 3x504".
func uploadSummary(ups []Upload) string {
	if len(ups) == 0 {
		return "none"
	}
	counts := map[string]int{}
	for _, u := range ups {
		counts[outcome(u)]++
	}
	parts := make([]string, 0, len(counts))
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%dx%s", counts[k], k))
	}
	indexed := 0
	for _, u := range ups {
		if u.IndexedAt > 0 || u.DocPhase == PhaseDone {
			indexed++
		}
	}
	return fmt.Sprintf("%d sent: %s; %d indexed", len(ups), strings.Join(parts, ", "), indexed)
}

// outcome names an upload's result: its status code, or "error".
func outcome(u Upload) string {
	if u.Status == 0 {
		return "error"
	}
	return strconv.Itoa(u.Status)
}

func probeSummary(ps []Probe) string {
	if len(ps) == 0 {
		return "none"
	}
	failed := 0
	var worst Duration
	for _, p := range ps {
		if !p.OK {
			failed++
		}
		worst = max(worst, p.Latency)
	}
	return fmt.Sprintf("%d, %d failed, slowest %s", len(ps), failed, worst.Short())
}

func faultSummary(fs []Event) string {
	if len(fs) == 0 {
		return "none"
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		end := "end"
		if f.End > 0 {
			end = f.End.Short()
		}
		parts[i] = fmt.Sprintf("%s %s-%s", f.Name, f.At.Short(), end)
	}
	return strings.Join(parts, "; ")
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
