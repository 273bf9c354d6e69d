package ingest

import (
	"bytes"
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
}

// TopicNode is one node of the tree.
type TopicNode struct {
	Topic         string      `json:"topic"`
	Summary       string      `json:"summary"`
	BlockRefs     []int       `json:"block_refs"`
	ContentLabels []string    `json:"content_labels"`
	Children      []TopicNode `json:"children"`
}

// ParseExtraction decodes an extraction answer strictly: one JSON object
// (optionally inside a single ```json fence), no unknown keys, no trailing
// data, at least one topic, every topic named and summarised, block_refs
// within [1, blocks], depth at most MaxTopicDepth. Any failure is an
// EXTRACTION_EMPTY error saying what was wrong.
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
	if err := checkTopics(x.Topics, blocks, "topics", 1); err != nil {
		return Extraction{}, err
	}
	return x, nil
}

func checkTopics(ts []TopicNode, blocks int, at string, depth int) error {
	if depth > MaxTopicDepth {
		return emptyErr("%s: topic tree deeper than %d", at, MaxTopicDepth)
	}
	for i, t := range ts {
		here := fmt.Sprintf("%s[%d]", at, i)
		if strings.TrimSpace(t.Topic) == "" || strings.TrimSpace(t.Summary) == "" {
			return emptyErr("%s: topic and summary must not be empty", here)
		}
		for _, ref := range t.BlockRefs {
			if ref < 1 || ref > blocks {
				return emptyErr("%s: block_ref %d is outside [1, %d]", here, ref, blocks)
			}
		}
		if err := checkTopics(t.Children, blocks, here+".children", depth+1); err != nil {
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

// ParseCategory reads a classification answer {"category_id": "..."}. An
// unparseable answer or a category outside the list gives "Others".
func ParseCategory(answer string, categories []string) string {
	var v struct {
		CategoryID string `json:"category_id"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(stripFence(answer))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return OthersCategory
	}
	for _, c := range categories {
		if strings.EqualFold(c, strings.TrimSpace(v.CategoryID)) {
			return c
		}
	}
	return OthersCategory
}
