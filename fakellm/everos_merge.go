package fakellm

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Answers to EverAlgo's multi-batch consolidation calls: the content merge
// of per-batch summaries and the merge of duplicate topics.

type contentMerge struct {
	Language string   `json:"language"`
	Summary  string   `json:"summary"`
	Subject  string   `json:"subject"`
	Keywords []string `json:"keywords"`
}

var (
	partialSummary  = regexp.MustCompile(`(?m)^\d+\. Summary: (.*)$`)
	partialSubject  = regexp.MustCompile(`(?m)^\s+Subject: (.*)$`)
	partialKeywords = regexp.MustCompile(`(?m)^\s+Keywords: (.*)$`)
	quoted          = regexp.MustCompile(`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`)
)

// contentMergeAnchor is the offset of the "Partial Analysis Results:" line
// when a fence opens on the next line, else -1.
func contentMergeAnchor(p string) int {
	at := lineAt(p, "Partial Analysis Results:", 0)
	if at < 0 || !strings.HasPrefix(p[at+len("Partial Analysis Results:"):], "\n```") {
		return -1
	}
	return at
}

// mergeContent joins the partial summaries (duplicates dropped), keeps the
// first subject and the first five distinct keywords.
func mergeContent(p string) any {
	s := fenced(p[contentMergeAnchor(p):])
	var sums, kws []string
	for _, m := range partialSummary.FindAllStringSubmatch(s, -1) {
		sums = append(sums, strings.TrimSpace(m[1]))
	}
	for _, m := range partialKeywords.FindAllStringSubmatch(s, -1) {
		for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
			kws = append(kws, q[1]+q[2])
		}
	}
	subject := ""
	if m := partialSubject.FindStringSubmatch(s); m != nil {
		subject = strings.TrimSpace(m[1])
	}
	sums, kws = dedupe(sums), dedupe(kws)
	summary := summarize(strings.Join(sums, " "), 3*maxSummaryRunes)
	return contentMerge{Language: languageName(summary), Summary: summary, Subject: subject, Keywords: kws[:min(5, len(kws))]}
}

// fenced is the text inside the first ``` fence of s (all of s if none).
func fenced(s string) string {
	i := strings.Index(s, "```")
	if i < 0 {
		return s
	}
	s = s[i+3:]
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		s = s[nl+1:]
	}
	if j := strings.Index(s, "\n```"); j >= 0 {
		s = s[:j]
	}
	return s
}

type mergeTopic struct {
	Index       int     `json:"index"`
	Topic       string  `json:"topic"`
	Summary     string  `json:"summary"`
	ParentTopic *string `json:"parent_topic"`
}

type mergeGroup struct {
	Indices []int  `json:"indices"`
	Topic   string `json:"topic"`
	Summary string `json:"summary"`
}

type mergeAnswer struct {
	Merges []mergeGroup `json:"merges"`
}

// topicMergeAnchor is the offset of the first fence holding a JSON array
// of indexed topics when "merges" follows it, else -1.
func topicMergeAnchor(p string) int {
	for from := 0; ; {
		i := strings.Index(p[from:], "```\n[")
		if i < 0 {
			return -1
		}
		at := from + i
		if ts, end := indexedTopics(p[at+4:]); ts != nil && strings.Contains(p[at+4+end:], `"merges"`) {
			return at
		}
		from = at + 4
	}
}

// indexedTopics decodes the JSON array at the start of s and the offset
// after it; nil unless every element has an index and a topic.
func indexedTopics(s string) ([]mergeTopic, int) {
	dec := json.NewDecoder(strings.NewReader(s))
	var raw []map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil || len(raw) == 0 {
		return nil, 0
	}
	out := make([]mergeTopic, len(raw))
	for i, r := range raw {
		if r["index"] == nil || r["topic"] == nil {
			return nil, 0
		}
		b, _ := json.Marshal(r)
		if json.Unmarshal(b, &out[i]) != nil {
			return nil, 0
		}
	}
	return out, int(dec.InputOffset())
}

// mergeTopics groups true duplicates only: topics under the same parent
// whose names are equal once case, spacing and punctuation are ignored.
func mergeTopics(p string) any {
	ts, _ := indexedTopics(p[topicMergeAnchor(p)+4:])
	groups := map[string][]mergeTopic{}
	var order []string
	for _, t := range ts {
		parent := ""
		if t.ParentTopic != nil {
			parent = *t.ParentTopic
		}
		k := normName(parent) + "\x00" + normName(t.Topic)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], t)
	}
	out := mergeAnswer{Merges: []mergeGroup{}}
	for _, k := range order {
		if g := groups[k]; len(g) > 1 && normName(g[0].Topic) != "" {
			out.Merges = append(out.Merges, mergeOf(g))
		}
	}
	return out
}

func mergeOf(g []mergeTopic) mergeGroup {
	m := mergeGroup{Topic: g[0].Topic}
	if r := []rune(m.Topic); len(r) > 20 {
		m.Topic = string(r[:20])
	}
	var sums []string
	for _, t := range g {
		m.Indices = append(m.Indices, t.Index)
		sums = append(sums, firstSentence(t.Summary))
	}
	m.Summary = summarize(strings.Join(dedupe(sums), " "), maxSummaryRunes)
	return m
}

func normName(s string) string {
	var b bytes.Buffer
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !isWord(r) }) {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}
