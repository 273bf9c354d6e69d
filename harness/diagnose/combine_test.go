package diagnose

import (
	"slices"
	"testing"

	"github.com/hangarhq/hangar/harness/report"
)

// TestCombine: an early capture and one at the failure are diagnosed
// apart; per class the more confident finding stands, ranked again, and
// each says which capture it came from.
func TestCombine(t *testing.T) {
	early := &report.Diagnosis{At: report.Duration(sec(2)), Files: []string{DumpFile1, DumpFile2},
		Findings: []report.Finding{{Class: ClassLivenessBehindWork, Confidence: 0.8}, {Class: ClassUnboundedLatency, Confidence: 0.4}}}
	late := &report.Diagnosis{At: report.Duration(sec(21)), Files: []string{"diagnosis-2/" + DumpFile1}, Missing: []string{"fake LLM journal: x"},
		Findings: []report.Finding{{Class: ClassUnboundedLatency, Confidence: 0.9}}}
	d := Combine(early, late)
	var got []string
	for _, f := range d.Findings {
		got = append(got, f.Class)
	}
	if !slices.Equal(got, []string{ClassUnboundedLatency, ClassLivenessBehindWork}) || d.Findings[0].Confidence != 0.9 {
		t.Fatalf("findings %+v", d.Findings)
	}
	if last := d.Findings[0].Evidence[len(d.Findings[0].Evidence)-1]; last != "in the capture at 21s" {
		t.Errorf("evidence ends %q, want the capture it came from", last)
	}
	if d.At != late.At || len(d.Files) != 3 || len(d.Missing) != 1 {
		t.Errorf("at %v files %q missing %q", d.At, d.Files, d.Missing)
	}
	if one := Combine(late); one != late {
		t.Error("one diagnosis is returned as it is")
	}
}
