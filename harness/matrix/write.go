package matrix

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// Output file names.
const (
	MarkdownFile = "defect-matrix.md"
	JSONFile     = "defect-matrix.json"
)

// mark is a cell's short form.
func mark(c Cell, isDefect bool) string {
	switch {
	case c.Verdict == "":
		return "-"
	case c.Verdict == report.VerdictError:
		return "ERROR"
	case c.Inconclusive():
		return "INCONCLUSIVE"
	case isDefect && c.Caught():
		return "caught: " + diagnosedMark(c)
	case isDefect:
		return "passed"
	case c.Verdict == report.VerdictPass && len(c.Retried) > 0:
		return "pass (retried)"
	case c.Verdict == report.VerdictPass:
		return "pass"
	}
	return "FAIL"
}

// WriteMarkdown writes the matrix as a Markdown table, then what failed.
func WriteMarkdown(w io.Writer, m *Matrix) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Defect matrix\n\nRows are server defects, columns shipped scenarios. A defect cell is `caught` when at least one assertion failed against the server with that defect alone, followed by the report's top diagnosis class (✓ when it is the defect's own class, ✗ when not), `passed` when the scenario did not notice it. A cell is `INCONCLUSIVE`, neither, when its run could not be judged even on a re-run: the harness itself was starved of CPU in every health window, so the machine was too loaded to tell a slow target from a starved harness; such a correct-server cell fails the matrix, a defect cell only when its defect is caught nowhere else. The first row is the correct server: every cell must be `pass`.\n\n")
	if m.Shard != nil {
		fmt.Fprintf(&b, "Shard %s: %d of the matrix's %d cells. `-` marks a cell another shard runs; \"caught by\" counts this shard's cells. Whether a defect escaped every scenario is decided when the shards are merged (`hangar matrix merge`).\n\n",
			m.Shard.Shard, len(m.results()), len(m.Shard.AllCells))
	}
	fmt.Fprintf(&b, "| defect | %s | caught by |\n|---|%s---|\n", strings.Join(m.Scenarios, " | "), strings.Repeat("---|", len(m.Scenarios)))
	row := []string{}
	for _, s := range m.Scenarios {
		row = append(row, mark(m.Correct[s], false))
	}
	fmt.Fprintf(&b, "| (correct server) | %s | |\n", strings.Join(row, " | "))
	for _, d := range m.Defects {
		row = row[:0]
		for _, s := range m.Scenarios {
			row = append(row, mark(m.Cells[d][s], true))
		}
		fmt.Fprintf(&b, "| %s | %s | %d |\n", d, strings.Join(row, " | "), len(m.CaughtBy(d)))
	}
	writeAccuracy(&b, m)
	writeProblems(&b, m)
	writeDetails(&b, m)
	writeTimes(&b, m)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeProblems(b *strings.Builder, m *Matrix) {
	writeRetried(b, m)
	var unjudged []string
	for _, id := range m.InconclusiveCells() {
		c := m.results()[id]
		unjudged = append(unjudged, fmt.Sprintf("- %s: %s (`%s`)\n", id, oneLine(firstLine(c)), c.Dir))
	}
	if len(unjudged) > 0 {
		fmt.Fprintf(b, "\nInconclusive (the harness was starved in every health window, on every attempt):\n\n%s", strings.Join(unjudged, ""))
	}
	if m.Determinism != nil {
		fmt.Fprintf(b, "\nDeterminism: %s\n", m.Determinism.Summary)
	}
	fmt.Fprintf(b, "\nWall time: %s\n", m.Elapsed.Round(time.Second))
	if m.Parallel != "" {
		fmt.Fprintf(b, "\nRuns at once: %s\n", m.Parallel)
	}
	if p := m.Problems(); len(p) > 0 {
		fmt.Fprintf(b, "\n## FAILED\n\n")
		for _, s := range p {
			fmt.Fprintf(b, "- %s\n", s)
		}
		return
	}
	if m.Shard != nil {
		fmt.Fprintf(b, "\nOK (shard %s): the correct server passed this shard's scenarios.\n", m.Shard.Shard)
		return
	}
	if m.EscapesAllowed {
		fmt.Fprintf(b, "\nOK: the correct server passed every scenario (defects these scenarios do not catch are shown, not failed).\n")
		return
	}
	fmt.Fprintf(b, "\nOK: the correct server passed every scenario and every defect was caught.\n")
}

// writeRetried lists the earlier attempts of every re-run cell: a
// correct-server run that failed, or any run that was inconclusive.
func writeRetried(b *strings.Builder, m *Matrix) {
	var retried []string
	for _, s := range m.Scenarios {
		for _, r := range m.Correct[s].Retried {
			retried = append(retried, fmt.Sprintf("- correct server on %s, %s\n", s, oneLine(r)))
		}
	}
	for _, d := range m.Defects {
		for _, s := range m.Scenarios {
			for _, r := range m.Cells[d][s].Retried {
				retried = append(retried, fmt.Sprintf("- %s on %s, %s\n", d, s, oneLine(r)))
			}
		}
	}
	if len(retried) > 0 {
		fmt.Fprintf(b, "\nRetried (a correct-server run that failed, or any run that was inconclusive, then re-run; the cell shows the last attempt):\n\n%s",
			strings.Join(retried, ""))
	}
}

// writeDetails lists, per caught cell, the first failed assertion.
func writeDetails(b *strings.Builder, m *Matrix) {
	fmt.Fprintf(b, "\n## How each defect was caught\n\n")
	for _, d := range m.Defects {
		for _, s := range m.Scenarios {
			c := m.Cells[d][s]
			if c.Caught() && len(c.Failed) > 0 {
				fmt.Fprintf(b, "- **%s** by %s: %s; diagnosed %s (`%s`)\n", d, s, oneLine(c.Failed[0]), diagnosedMark(c), c.Dir)
			}
		}
	}
}

// writeTimes is the wall time of every cell, laid out as the matrix.
func writeTimes(b *strings.Builder, m *Matrix) {
	fmt.Fprintf(b, "\n## Wall time per cell (seconds)\n\n")
	fmt.Fprintf(b, "| defect | %s |\n|---|%s\n", strings.Join(m.Scenarios, " | "), strings.Repeat("---|", len(m.Scenarios)))
	row := func(name string, cell func(s string) Cell) {
		var cs []string
		for _, s := range m.Scenarios {
			cs = append(cs, cellTime(cell(s)))
		}
		fmt.Fprintf(b, "| %s | %s |\n", name, strings.Join(cs, " | "))
	}
	row("(correct server)", func(s string) Cell { return m.Correct[s] })
	for _, d := range m.Defects {
		row(d, func(s string) Cell { return m.Cells[d][s] })
	}
}

func cellTime(c Cell) string {
	if c.Verdict == "" {
		return "-"
	}
	return fmt.Sprintf("%.1f", c.Elapsed.Seconds())
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 240 {
		s = s[:240] + "…"
	}
	return s
}

// ContainerNote follows the container matrix on stdout: why its escapes
// do not fail.
const ContainerNote = "\nContainer scenarios: only the correct-server row decides here. A defect they do not catch is shown, " +
	"not failed: the shipped matrix (`hangar chaos`) is where every defect must be caught.\n"

// Print writes what `hangar chaos` prints: the Markdown, then, for a
// matrix with EscapesAllowed (the container scenarios'), ContainerNote.
func Print(w io.Writer, m *Matrix) error {
	if err := WriteMarkdown(w, m); err != nil {
		return err
	}
	if !m.EscapesAllowed {
		return nil
	}
	_, err := io.WriteString(w, ContainerNote)
	return err
}

// WriteFiles writes defect-matrix.md and defect-matrix.json into dir.
func WriteFiles(dir string, m *Matrix) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("matrix: %w", err)
	}
	var md strings.Builder
	if err := WriteMarkdown(&md, m); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, MarkdownFile), []byte(md.String()), 0o644); err != nil {
		return fmt.Errorf("matrix: %w", err)
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("matrix: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, JSONFile), append(js, '\n'), 0o644)
}
