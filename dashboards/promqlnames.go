package dashboards

import (
	"fmt"
	"strings"
)

// Selector is one vector selector found in a PromQL expression.
type Selector struct {
	Metric string   // metric name; empty when the selector has none
	Labels []string // label names used in its matchers, in order
	Offset int      // byte offset of the selector in the expression
}

// Names lists the metric and label names a PromQL expression refers to.
type Names struct {
	Selectors []Selector
	Grouping  []string // labels in by, without, on, ignoring, group_left and group_right
}

// grouping keywords take a parenthesised label list.
var groupingKeywords = map[string]bool{
	"by": true, "without": true, "on": true, "ignoring": true,
	"group_left": true, "group_right": true,
}

// keywords are identifiers that never name a metric.
var keywords = map[string]bool{
	"and": true, "or": true, "unless": true, "bool": true, "offset": true,
	"atan2": true, "inf": true, "nan": true,
}

// aggregations may put their grouping clause before the parenthesis:
// sum by (le) (x).
var aggregations = map[string]bool{
	"sum": true, "min": true, "max": true, "avg": true, "group": true,
	"stddev": true, "stdvar": true, "count": true, "count_values": true,
	"bottomk": true, "topk": true, "quantile": true, "limitk": true, "limit_ratio": true,
}

// ParseNames extracts the metric and label names of a PromQL expression. It
// is not a full PromQL parser (package promcheck asks a real Prometheus for
// that): it knows strings, comments, selectors, ranges, function calls and
// grouping clauses, and reports unbalanced brackets and unterminated strings
// with their byte offset.
func ParseNames(expr string) (Names, error) {
	toks, err := lex(expr)
	if err != nil {
		return Names{}, err
	}
	p := &nameParser{toks: toks}
	if err := p.parse(); err != nil {
		return Names{}, err
	}
	return p.names, nil
}

type nameParser struct {
	toks  []token
	i     int
	names Names
}

func (p *nameParser) parse() error {
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch {
		case t.kind == tokIdent:
			if err := p.ident(t); err != nil {
				return err
			}
		case t.text == "{":
			sel, err := p.matchers(Selector{Offset: t.pos})
			if err != nil {
				return err
			}
			p.names.Selectors = append(p.names.Selectors, sel)
		case t.text == "[":
			if err := p.skipTo("]"); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *nameParser) ident(t token) error {
	word := strings.ToLower(t.text)
	next := p.peek()
	switch {
	case groupingKeywords[word]:
		if next == "(" {
			return p.labelList()
		}
		return nil
	case keywords[word]:
		return nil
	case next == "(":
		return nil // function or aggregation
	case aggregations[word] && (strings.EqualFold(next, "by") || strings.EqualFold(next, "without")):
		return nil
	}
	sel := Selector{Metric: t.text, Offset: t.pos}
	if next == "{" {
		p.i++
		var err error
		if sel, err = p.matchers(sel); err != nil {
			return err
		}
	}
	p.names.Selectors = append(p.names.Selectors, sel)
	return nil
}

// matchers reads label matchers from the "{" at p.i to its "}".
func (p *nameParser) matchers(sel Selector) (Selector, error) {
	open := p.toks[p.i]
	for p.i++; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch {
		case t.text == "}":
			return sel, nil
		case t.kind == tokIdent && p.isLabelName():
			sel.Labels = append(sel.Labels, t.text)
			if t.text == "__name__" && p.peek() == "=" && p.peekAt(2).kind == tokString {
				sel.Metric = unquote(p.peekAt(2).text)
			}
		case t.kind != tokString && t.kind != tokPunct:
			return sel, fmt.Errorf("unexpected %q in label matchers at offset %d", t.text, t.pos)
		}
	}
	return sel, fmt.Errorf("unclosed { at offset %d", open.pos)
}

// isLabelName reports whether the identifier at p.i starts a matcher
// (is followed by one of =, !=, =~, !~).
func (p *nameParser) isLabelName() bool {
	switch p.peek() {
	case "=", "!=", "=~", "!~":
		return true
	}
	return false
}

func (p *nameParser) labelList() error {
	open := p.toks[p.i+1]
	for p.i += 2; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch {
		case t.text == ")":
			return nil
		case t.kind == tokIdent:
			p.names.Grouping = append(p.names.Grouping, t.text)
		case t.text != ",":
			return fmt.Errorf("unexpected %q in label list at offset %d", t.text, t.pos)
		}
	}
	return fmt.Errorf("unclosed ( at offset %d", open.pos)
}

func (p *nameParser) skipTo(closer string) error {
	open := p.toks[p.i]
	for p.i++; p.i < len(p.toks); p.i++ {
		if p.toks[p.i].text == closer {
			return nil
		}
	}
	return fmt.Errorf("unclosed %s at offset %d", open.text, open.pos)
}

func (p *nameParser) peek() string { return p.peekAt(1).text }

func (p *nameParser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return token{}
}

func unquote(s string) string {
	if len(s) >= 2 {
		return s[1 : len(s)-1]
	}
	return s
}
