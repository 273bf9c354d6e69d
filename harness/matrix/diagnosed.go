package matrix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hangarhq/hangar/harness/report"
)

// DefectClass is the diagnosis class each server defect should be
// diagnosed as: the oracle the matrix scores the diagnosis against. It
// lives here and only here; the diagnosis rules never see a defect name.
var DefectClass = map[string]string{
	"sem-across-retries":     "slot-across-retries",
	"store-lock-across-call": "no-deadline-under-lock",
	"batch-barrier":          "batch-barrier",
	"no-llm-deadline":        "unbounded-request-latency",
	"health-behind-limiter":  "liveness-behind-work",
	"shared-llm-pool":        "shared-pool",
	"no-lease-expiry":        "orphaned-claims",
}

// Diagnosed is the report's top diagnosis of a caught defect cell.
type Diagnosed struct {
	// Class is the top finding's class, "" when the report had none.
	Class      string  `json:"class"`
	Confidence float64 `json:"confidence,omitempty"`
	// Want is the defect's own class (DefectClass), "" when unknown.
	Want string `json:"want,omitempty"`
	// Right: Class is the defect's own class.
	Right bool `json:"right"`
}

// diagnosed scores rep's top diagnosis against defect's own class.
func diagnosed(rep *report.Report, defect string) *Diagnosed {
	d := &Diagnosed{Want: DefectClass[defect]}
	if top, ok := rep.Diagnosis.Top(); ok {
		d.Class, d.Confidence = top.Class, top.Confidence
	}
	d.Right = d.Class != "" && d.Class == d.Want
	return d
}

// Accuracy is the top-1 diagnosis accuracy over the caught single-defect
// cells whose defect has a known class.
type Accuracy struct {
	Right int `json:"right"`
	Cells int `json:"cells"`
	// Wrong lists "defect/scenario: got class" for each miss.
	Wrong []string `json:"wrong,omitempty"`
}

// DiagnosisAccuracy scores every caught defect cell (each runs one
// defect alone).
func (m *Matrix) DiagnosisAccuracy() Accuracy {
	var a Accuracy
	for _, d := range m.Defects {
		if DefectClass[d] == "" {
			continue
		}
		for _, s := range m.Scenarios {
			c := m.Cells[d][s]
			if !c.Caught() {
				continue
			}
			a.Cells++
			if c.Diagnosed != nil && c.Diagnosed.Right {
				a.Right++
				continue
			}
			got := "no diagnosis"
			if c.Diagnosed != nil && c.Diagnosed.Class != "" {
				got = c.Diagnosed.Class
			}
			a.Wrong = append(a.Wrong, fmt.Sprintf("%s/%s: %s", d, s, got))
		}
	}
	return a
}

// String is "9/10 (90%)".
func (a Accuracy) String() string {
	if a.Cells == 0 {
		return "no caught cells"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", a.Right, a.Cells, 100*float64(a.Right)/float64(a.Cells))
}

// MarshalJSON adds the diagnosis accuracy to the matrix's fields.
func (m *Matrix) MarshalJSON() ([]byte, error) {
	type plain Matrix
	return json.Marshal(struct {
		*plain
		DiagnosisAccuracy Accuracy `json:"diagnosis_accuracy"`
	}{(*plain)(m), m.DiagnosisAccuracy()})
}

// UnmarshalJSON reads what MarshalJSON wrote, strictly when the decoder
// disallows unknown fields; the accuracy is derived, so it is recomputed
// from the cells rather than trusted.
func (m *Matrix) UnmarshalJSON(b []byte) error {
	type plain Matrix
	var v struct {
		*plain
		DiagnosisAccuracy *Accuracy `json:"diagnosis_accuracy"`
	}
	v.plain = (*plain)(m)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(&v)
}

// diagnosedMark is the short form of a caught cell's diagnosis.
func diagnosedMark(c Cell) string {
	switch {
	case c.Diagnosed == nil || c.Diagnosed.Class == "":
		return "no diagnosis"
	case c.Diagnosed.Right:
		return c.Diagnosed.Class + " ✓"
	}
	return c.Diagnosed.Class + " ✗"
}

func writeAccuracy(b *strings.Builder, m *Matrix) {
	a := m.DiagnosisAccuracy()
	fmt.Fprintf(b, "\nDiagnosis top-1 accuracy over the caught single-defect cells: %s\n", a)
	for _, w := range a.Wrong {
		fmt.Fprintf(b, "- misdiagnosed %s\n", w)
	}
}

// logDiagnosed is the diagnosis part of a finished run's log line.
func logDiagnosed(c Cell) string {
	if c.Diagnosed == nil {
		return ""
	}
	return " [diagnosed: " + diagnosedMark(c) + "]"
}
