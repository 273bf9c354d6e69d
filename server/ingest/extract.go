package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxTopicDepth bounds the nesting of a topic tree.
const MaxTopicDepth = 8

// Extraction is the LLM's topic tree for one document.
type Extraction struct {
	Language      string      `json:"language"`
	Summary       string      `json:"summary"`
	Subject       string      `json:"subject"`
	Keywords      []string    `json:"keywords"`
	ContentLabels []string    `json:"content_labels"`
	Topics        []TopicNode `json:"topics"`

	Uncovered []int `json:"-"` // block ids no topic cites
	Skipped   int   `json:"-"` // block_refs parts skipped: unparseable, or no such block
}

// TopicNode is one node of the tree. The answer's block_refs is a
// compressed range string ("0-2,5"); BlockRefs holds the ids it names
// that exist, parsed as EverAlgo parses them (see RangeRefs).
type TopicNode struct {
	Topic         string          `json:"topic"`
	Summary       string          `json:"summary"`
	Refs          json.RawMessage `json:"block_refs"`
	BlockRefs     []int           `json:"-"`
	ContentLabels []string        `json:"content_labels"`
	Children      []TopicNode     `json:"children"`
}

// ParseExtraction decodes an extraction answer: one JSON object
// (optionally inside a single ```json fence), no unknown keys, no trailing
// data, at least one topic, every topic named and summarised, depth at
// most MaxTopicDepth; any failure is an EXTRACTION_EMPTY error saying what
// was wrong. block_refs degrade as in EverAlgo instead of failing: a part
// that does not parse, or names a block that does not exist, is skipped
// (counted in Skipped), and blocks no topic cites are listed in Uncovered.
func ParseExtraction(answer string, blocks int) (Extraction, error) {
	var x Extraction
	dec := json.NewDecoder(strings.NewReader(stripFence(answer)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil {
		return Extraction{}, emptyErr("answer is not the topic-tree JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Extraction{}, emptyErr("answer has data after the JSON object")
	}
	if len(x.Topics) == 0 {
		return Extraction{}, emptyErr("answer has no topics")
	}
	covered := make([]bool, max(blocks, 0))
	if err := x.resolve(x.Topics, covered, "topics", 1); err != nil {
		return Extraction{}, err
	}
	for id, c := range covered {
		if !c {
			x.Uncovered = append(x.Uncovered, id)
		}
	}
	return x, nil
}

// resolve checks names and depth and parses every node's refs.
func (x *Extraction) resolve(ts []TopicNode, covered []bool, at string, depth int) error {
	if depth > MaxTopicDepth {
		return emptyErr("%s: topic tree deeper than %d", at, MaxTopicDepth)
	}
	for i := range ts {
		t := &ts[i]
		here := fmt.Sprintf("%s[%d]", at, i)
		if strings.TrimSpace(t.Topic) == "" || strings.TrimSpace(t.Summary) == "" {
			return emptyErr("%s: topic and summary must not be empty", here)
		}
		var skipped int
		t.BlockRefs, skipped = RangeRefs(t.Refs, len(covered))
		x.Skipped += skipped
		for _, id := range t.BlockRefs {
			covered[id] = true
		}
		if err := x.resolve(t.Children, covered, here+".children", depth+1); err != nil {
			return err
		}
	}
	return nil
}

func emptyErr(format string, args ...any) *Error {
	return inputErr(CodeExtractionEmpty, "", "extraction: "+format, args...)
}

// stripFence removes one surrounding markdown code fence, if present.
func stripFence(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "```") || !strings.HasSuffix(s, "```") || len(s) < 6 {
		return s
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "```"), "```")
	if i := strings.IndexByte(s, '\n'); i >= 0 && !strings.ContainsAny(s[:i], "{[") {
		s = s[i+1:] // the info string, e.g. "json"
	}
	return strings.TrimSpace(s)
}

// Flatten lists every node of the tree, depth first, with its path
// ("Parent / Child") as the name.
func (x Extraction) Flatten() []FlatTopic {
	var out []FlatTopic
	var walk func([]TopicNode, string)
	walk = func(ts []TopicNode, prefix string) {
		for _, t := range ts {
			name := strings.TrimSpace(t.Topic)
			if prefix != "" {
				name = prefix + " / " + name
			}
			out = append(out, FlatTopic{Name: name, Summary: strings.TrimSpace(t.Summary), BlockRefs: t.BlockRefs})
			walk(t.Children, name)
		}
	}
	walk(x.Topics, "")
	return out
}

// FlatTopic is one node of a flattened tree.
type FlatTopic struct {
	Name      string
	Summary   string
	BlockRefs []int
}

// ParseCategory reads a classification answer as EverAlgo does: the JSON
// object in a ``` fence, else the outermost {...}; its category_id, a
// string, trimmed, must be one of categories exactly. Anything else gives
// "Others" (EverAlgo answers "" and EverOS falls back to Others).
func ParseCategory(answer string, categories []string) string {
	var v struct {
		CategoryID any `json:"category_id"`
	}
	if !decodeLLMJSON(answer, &v) {
		return OthersCategory
	}
	id, _ := v.CategoryID.(string)
	id = strings.TrimSpace(id)
	for _, c := range categories {
		if c == id && id != "" {
			return c
		}
	}
	return OthersCategory
}
