package dashboards

import (
	"fmt"
	"strings"
)

type tokenKind int

const (
	tokPunct tokenKind = iota
	tokIdent
	tokString
	tokNumber
)

type token struct {
	kind tokenKind
	text string
	pos  int
}

// twoCharOps are the operators that must not be split into two tokens.
var twoCharOps = []string{"!=", "=~", "!~", "==", ">=", "<="}

// lex splits a PromQL expression into tokens and checks that brackets
// balance. Comments (# to end of line) are dropped.
func lex(s string) ([]token, error) {
	var toks []token
	var stack []token
	for i := 0; i < len(s); {
		c := s[i]
		var t token
		var err error
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case c == '#':
			i = skipLine(s, i)
			continue
		case c == '"' || c == '\'' || c == '`':
			t, err = lexString(s, i)
		case isDigit(c) || (c == '.' && i+1 < len(s) && isDigit(s[i+1])):
			t = lexWhile(s, i, tokNumber, isNumberChar)
		case isIdentStart(c):
			t = lexWhile(s, i, tokIdent, isIdentChar)
		default:
			t = lexPunct(s, i)
		}
		if err != nil {
			return nil, err
		}
		if stack, err = balance(stack, t); err != nil {
			return nil, err
		}
		toks = append(toks, t)
		i += len(t.text)
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return nil, fmt.Errorf("unclosed %s at offset %d", top.text, top.pos)
	}
	return toks, nil
}

var closers = map[string]string{")": "(", "]": "[", "}": "{"}

func balance(stack []token, t token) ([]token, error) {
	if t.kind != tokPunct {
		return stack, nil
	}
	switch t.text {
	case "(", "[", "{":
		return append(stack, t), nil
	case ")", "]", "}":
		if len(stack) == 0 || stack[len(stack)-1].text != closers[t.text] {
			return nil, fmt.Errorf("unbalanced %s at offset %d", t.text, t.pos)
		}
		return stack[:len(stack)-1], nil
	}
	return stack, nil
}

func lexString(s string, start int) (token, error) {
	q := s[start]
	for i := start + 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && q != '`':
			i++
		case s[i] == q:
			return token{kind: tokString, text: s[start : i+1], pos: start}, nil
		}
	}
	return token{}, fmt.Errorf("unterminated string at offset %d", start)
}

func lexWhile(s string, start int, kind tokenKind, ok func(byte) bool) token {
	i := start + 1
	for i < len(s) && ok(s[i]) {
		i++
	}
	return token{kind: kind, text: s[start:i], pos: start}
}

func lexPunct(s string, i int) token {
	for _, op := range twoCharOps {
		if strings.HasPrefix(s[i:], op) {
			return token{kind: tokPunct, text: op, pos: i}
		}
	}
	return token{kind: tokPunct, text: s[i : i+1], pos: i}
}

func skipLine(s string, i int) int {
	for i < len(s) && s[i] != '\n' {
		i++
	}
	return i
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c == ':' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// isNumberChar accepts digits, '.', letters (durations such as 5m, hex,
// exponents) and the sign of an exponent is handled by the caller's grammar
// being lenient: "1e+3" lexes as 1e, +, 3, which names no metric either way.
func isNumberChar(c byte) bool { return isIdentChar(c) || c == '.' }
