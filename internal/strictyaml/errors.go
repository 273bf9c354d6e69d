package strictyaml

import (
	"slices"
	"strconv"
	"strings"
)

// MaxErrors bounds the number of errors reported for one file.
const MaxErrors = 50

// Pos is a 1-based line and column in a YAML source; 0 means unknown.
type Pos struct{ Line, Col int }

// Error is one problem in a YAML file, located by line and column and by
// the dotted key path ("load.uploads.count"). File, Line, Col and Path are
// left out of the message when empty or zero.
type Error struct {
	File string
	Line int
	Col  int
	Path string
	Msg  string
}

// Error formats the problem as "file:line:col: path: msg".
func (e *Error) Error() string {
	var loc []string
	if e.File != "" {
		loc = append(loc, e.File)
	}
	if e.Line > 0 {
		loc = append(loc, strconv.Itoa(e.Line))
		if e.Col > 0 {
			loc = append(loc, strconv.Itoa(e.Col))
		}
	}
	var b strings.Builder
	if len(loc) > 0 {
		b.WriteString(strings.Join(loc, ":"))
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one file, in file order. Its Error
// method prints one problem per line.
type Errors []*Error

// Error joins the problems with newlines.
func (l Errors) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (l Errors) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sortErrors orders problems by position, stably; unpositioned ones first.
func sortErrors(errs Errors) {
	slices.SortStableFunc(errs, func(a, b *Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
}
