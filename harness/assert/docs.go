package assert

import (
	"bytes"
	"fmt"
	"strings"
)

//go:generate go test -run TestAssertionsDoc -update .

// Markdown renders docs/assertions.md from the registry: one section per
// entry, in evaluation order.
func Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Assertions\n\n")
	b.WriteString("<!-- Generated from the registry in harness/assert by\n" +
		"     go test ./harness/assert -run TestAssertionsDoc -update\n     Do not edit. -->\n\n")
	b.WriteString("Each assertion is a key under a group of `expect:` in a scenario and one entry of the registry " +
		"in `harness/assert`, in one file. Its name is the key path, the report name and the `assertion` label of " +
		"`hangar_harness_assertion_verdict`. The report lists them in this order.\n\n")
	b.WriteString("| assertion | needs a finished run | can fail fast | final before the end | triggers diagnosis |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, d := range Defs() {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s | %s |\n", d.Name, anchor(d.Name), yesNo(d.FinishedRun),
			yesNo(d.Live != nil), yesNo(d.Final != nil), yesNo(d.Diagnose))
	}
	for _, d := range Defs() {
		section(&b, d)
	}
	return b.Bytes()
}

func section(b *bytes.Buffer, d Def) {
	fmt.Fprintf(b, "\n## %s\n\n```yaml\nexpect:\n  %s\n```\n\n%s\n", d.Name, d.Example, d.Doc)
	if len(d.Options) > 0 {
		b.WriteString("\nOptions:\n\n")
		for _, o := range d.Options {
			fmt.Fprintf(b, "- `%s.%s`: %s\n", d.Group(), o.Key, o.Doc)
		}
	}
	fmt.Fprintf(b, "\n- needs a finished run: %s\n", finishedDoc(d))
	fmt.Fprintf(b, "- can fail fast: %s\n", yesNo(d.Live != nil))
	final := "only at the end of the run"
	if d.Final != nil {
		final = d.FinalWhen
	}
	fmt.Fprintf(b, "- final when: %s\n", final)
	fmt.Fprintf(b, "- triggers diagnosis: %s\n", yesNo(d.Diagnose))
}

func finishedDoc(d Def) string {
	if d.FinishedRun {
		return "yes (not evaluated after a fail-fast stop)"
	}
	return "no"
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// anchor is the heading's anchor as GitHub renders it.
func anchor(name string) string { return strings.ReplaceAll(name, ".", "") }
