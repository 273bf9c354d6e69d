package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Option configures Parse and Decode.
type Option func(*options)

type options struct{ noun, empty string }

// Noun names what the file holds in messages about its shape: "empty
// scenario", "more than one YAML document (a scenario is one document)".
// The default is "document".
func Noun(s string) Option { return func(o *options) { o.noun = s } }

// Empty replaces the message for a file without a document ("empty
// <noun>"), say to add a hint.
func Empty(msg string) Option { return func(o *options) { o.empty = msg } }

func newOptions(opts []Option) options {
	o := options{noun: "document"}
	for _, opt := range opts {
		opt(&o)
	}
	if o.empty == "" {
		o.empty = "empty " + o.noun
	}
	return o
}

// Parse parses src, which must hold exactly one YAML document whose root is
// a mapping, and returns that root. A returned error is an Errors naming
// file: a syntax error with its line, an empty file, a second document or
// a root that is not a mapping.
func Parse(file string, src []byte, opts ...Option) (*yaml.Node, error) {
	o := newOptions(opts)
	fail := func(pos Pos, format string, args ...any) (*yaml.Node, error) {
		return nil, Errors{{File: file, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return fail(Pos{}, "%s", o.empty)
		}
		return fail(syntaxPos(err), "%s", syntaxMsg(err))
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		return fail(PosOf(&extra), "more than one YAML document (a %s is one document)", o.noun)
	case !errors.Is(err, io.EOF):
		return fail(syntaxPos(err), "%s", syntaxMsg(err))
	}
	root := resolve(&doc)
	if root == nil || isNull(root) {
		return fail(Pos{}, "%s", o.empty)
	}
	if root.Kind != yaml.MappingNode {
		return fail(PosOf(root), "want a mapping at the top level, got %s", Describe(root))
	}
	return root, nil
}

// Decode parses src (see Parse) and decodes it into v, a non-nil pointer.
// A returned error is an Errors.
func Decode(file string, src []byte, v any, opts ...Option) error {
	root, err := Parse(file, src, opts...)
	if err != nil {
		return err
	}
	return DecodeNode(file, root, v)
}

// DecodeNode decodes n, a node of a file named file, into v, a non-nil
// pointer. A returned error is an Errors.
func DecodeNode(file string, n *yaml.Node, v any) error {
	d := NewDecoder(file)
	d.Decode(n, "", v)
	return d.Err()
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxPos(err error) Pos {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Pos{Line: line}
	}
	return Pos{}
}

func syntaxMsg(err error) string {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return "invalid YAML: " + m[2]
	}
	return "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")
}
