package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr,omitempty"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr,omitempty"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// junitSkipped marks an inconclusive assertion: judged neither passed nor
// failed.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes r as JUnit XML: one test suite for the scenario, one
// test case per assertion (failed ones carry a <failure> whose message is
// the assertion's detail and the diagnosis's top class; inconclusive ones
// are <skipped> with the detail, which says why the run could not judge
// them), plus a "harness" case with an <error> when the run itself failed.
func WriteJUnit(w io.Writer, r *Report) error {
	s := junitSuite{
		Name:       "hangar/" + r.Scenario.Name,
		Time:       seconds(r.Elapsed()),
		Properties: junitProps(r),
	}
	if !r.Start.IsZero() {
		s.Timestamp = r.Start.UTC().Format(time.RFC3339)
	}
	for _, a := range r.Assertions {
		s.Cases = append(s.Cases, junitAssertion(r.Scenario.Name, a, r.Diagnosis))
	}
	if r.Error != "" || len(r.Assertions) == 0 {
		s.Cases = append(s.Cases, junitHarness(r))
	}
	for _, c := range s.Cases {
		s.Tests++
		if c.Failure != nil {
			s.Failures++
		}
		if c.Error != nil {
			s.Errors++
		}
		if c.Skipped != nil {
			s.Skipped++
		}
	}
	doc := junitSuites{Name: "hangar", Tests: s.Tests, Failures: s.Failures, Errors: s.Errors, Skipped: s.Skipped, Time: s.Time,
		Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitProps(r *Report) []junitProperty {
	props := []junitProperty{
		{Name: "seed", Value: strconv.FormatInt(r.Seed, 10)},
		{Name: "verdict", Value: string(r.Outcome())},
		{Name: "launch", Value: r.Target.Launch},
	}
	if len(r.Target.Defects) > 0 {
		props = append(props, junitProperty{Name: "defects", Value: strings.Join(r.Target.Defects, ",")})
	}
	for _, k := range sortedKeys(r.Versions) {
		props = append(props, junitProperty{Name: "version." + k, Value: r.Versions[k]})
	}
	return props
}

func junitAssertion(scenario string, a Assertion, d *Diagnosis) junitCase {
	c := junitCase{Name: a.Name, Classname: "hangar." + scenario, Time: "0"}
	body := fmt.Sprintf("%s\nmeasured: %s\nthreshold: %s\n", a.Description, a.Measured, a.Threshold)
	msg := a.Detail
	if msg == "" {
		msg = fmt.Sprintf("%s: measured %s, threshold %s", a.Name, a.Measured, a.Threshold)
	}
	switch {
	case a.ExpectedFailure && a.Verdict == VerdictFail:
		c.SystemOut = "expected failure (XFAIL): " + msg + "\n" + body
	case a.ExpectedFailure && a.Verdict == VerdictPass:
		c.Failure = &junitProblem{Message: a.Name + " passed but is listed in expect_failures (XPASS)", Type: "unexpected-pass", Body: body}
	case a.Verdict == VerdictPass:
		c.SystemOut = body
	case a.Verdict == VerdictFail:
		if top, ok := d.Top(); ok {
			msg += "; diagnosis: " + top.Line()
		}
		c.Failure = &junitProblem{Message: msg, Type: "assertion", Body: body}
	case a.Verdict == VerdictInconclusive:
		c.Skipped = &junitSkipped{Message: "inconclusive: " + msg}
		c.SystemOut = body
	default:
		c.Error = &junitProblem{Message: msg, Type: "not-evaluated", Body: body}
	}
	return c
}

func junitHarness(r *Report) junitCase {
	msg := r.Error
	if msg == "" {
		msg = "the run checked no assertions"
	}
	return junitCase{Name: "harness", Classname: "hangar." + r.Scenario.Name, Time: "0",
		Error: &junitProblem{Message: msg, Type: "harness", Body: msg}}
}

func seconds(d Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }
