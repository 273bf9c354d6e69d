package fakellm

import (
	"regexp"
	"strings"
)

// algoTree is EverAlgo's topic-tree answer: block_refs are compressed
// range strings, as its parser (parse_segment_ranges) needs.
type algoTree struct {
	Language      string      `json:"language"`
	Summary       string      `json:"summary"`
	Subject       string      `json:"subject"`
	Keywords      []string    `json:"keywords"`
	ContentLabels []string    `json:"content_labels"`
	Topics        []algoTopic `json:"topics"`
}

type algoTopic struct {
	Topic         string      `json:"topic"`
	Summary       string      `json:"summary"`
	BlockRefs     string      `json:"block_refs"`
	ContentLabels []string    `json:"content_labels"`
	Children      []algoTopic `json:"children"`
}

var (
	headingRe = regexp.MustCompile(`^(#{1,6})\s+\S`)
	docTitle  = regexp.MustCompile(`(?m)^Document Title: (.*)$`)
)

func headingLevel(text string) int {
	if m := headingRe.FindStringSubmatch(text); m != nil {
		return len(m[1])
	}
	return 0
}

// section is a run of blocks under one top-level topic; subs start at the
// index (into blocks) of each deeper heading.
type section struct {
	blocks []block
	subs   []int
}

// topicTreeAnswer answers the topic-tree prompt over its own blocks.
func topicTreeAnswer(p string) any {
	blocks := algoBlocks(p)
	if len(blocks) == 0 {
		return nil
	}
	var topics []algoTopic
	for _, s := range sections(blocks) {
		topics = append(topics, s.topic())
	}
	all := joinBlocks(blocks)
	var firsts []string
	for _, t := range topics {
		firsts = append(firsts, firstSentence(t.Summary))
	}
	title := ""
	if m := docTitle.FindStringSubmatch(p); m != nil {
		title = strings.TrimSpace(m[1])
	}
	subject := title
	if subject == "" || strings.EqualFold(subject, "untitled") {
		subject = topics[0].Topic
	}
	return algoTree{
		Language: languageName(all), Summary: summarize(strings.Join(firsts, " "), 2*maxSummaryRunes),
		Subject: subject, Keywords: docKeywords(all, 5), ContentLabels: contentLabels(all), Topics: topics,
	}
}

// sections groups blocks by their headings: a top-level topic starts at
// each heading of the shallowest level in use (a leading H1 title stays in
// the first topic), deeper headings start its children. Without headings,
// consecutive blocks are grouped, topicGroup or more to a topic so there
// are at most maxTopics.
func sections(blocks []block) []section {
	top := topLevel(blocks)
	if top == 0 {
		return chunks(blocks)
	}
	var out []section
	for i, b := range blocks {
		lv := headingLevel(b.text)
		switch {
		case len(out) == 0 || (lv > 0 && lv <= top && i > 0):
			out = append(out, section{})
		case lv > top:
			s := &out[len(out)-1]
			s.subs = append(s.subs, len(s.blocks))
		}
		s := &out[len(out)-1]
		s.blocks = append(s.blocks, b)
	}
	return capSections(out)
}

// topLevel is the shallowest heading level, not counting a first-block H1
// (a document title); 0 when there is no other heading.
func topLevel(blocks []block) int {
	top := 0
	for i, b := range blocks {
		lv := headingLevel(b.text)
		if lv == 0 || (i == 0 && lv == 1) {
			continue
		}
		if top == 0 || lv < top {
			top = lv
		}
	}
	return top
}

func chunks(blocks []block) []section {
	size := max(topicGroup, (len(blocks)+maxTopics-1)/maxTopics)
	var out []section
	for i := 0; i < len(blocks); i += size {
		out = append(out, section{blocks: blocks[i:min(i+size, len(blocks))]})
	}
	return out
}

// capSections merges consecutive sections into leaves when there are more
// than maxTopics.
func capSections(in []section) []section {
	if len(in) <= maxTopics {
		return in
	}
	size := (len(in) + maxTopics - 1) / maxTopics
	var out []section
	for i := 0; i < len(in); i += size {
		var s section
		for _, t := range in[i:min(i+size, len(in))] {
			s.blocks = append(s.blocks, t.blocks...)
		}
		out = append(out, s)
	}
	return out
}

// topic is the section's node: its intro blocks (before the first deeper
// heading) as its own refs and one child per deeper heading, or a leaf.
func (s section) topic() algoTopic {
	if len(s.subs) == 0 || s.subs[0] == 0 {
		return leafTopic(s.blocks, s.blocks)
	}
	t := leafTopic(s.blocks[:s.subs[0]], s.blocks)
	for i, start := range s.subs {
		end := len(s.blocks)
		if i+1 < len(s.subs) {
			end = s.subs[i+1]
		}
		sub := s.blocks[start:end]
		t.Children = append(t.Children, leafTopic(sub, sub))
	}
	return t
}

// leafTopic names a topic after the first of own, refs own, and
// summarises whole (the section including children).
func leafTopic(own, whole []block) algoTopic {
	ids := make([]int, len(own))
	for i, b := range own {
		ids[i] = b.id
	}
	text := joinBlocks(whole)
	return algoTopic{Topic: blockName(own[0]), Summary: summarize(bodyText(whole), maxSummaryRunes),
		BlockRefs: compressRanges(ids), ContentLabels: contentLabels(text), Children: []algoTopic{}}
}

// bodyText is the text of the blocks that are not headings (all of them
// when every block is one): headings name topics, bodies summarise them.
func bodyText(bs []block) string {
	var body []block
	for _, b := range bs {
		if headingLevel(b.text) == 0 {
			body = append(body, b)
		}
	}
	if len(body) == 0 {
		return joinBlocks(bs)
	}
	return joinBlocks(body)
}

// joinBlocks joins block texts without heading marks.
func joinBlocks(bs []block) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = cleanLine(b.text)
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func cleanLine(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(strings.Trim(strings.TrimSpace(l), "#*-|>"))
	}
	return strings.Join(lines, " ")
}

// blockName is a heading's text, or the first clause of the block: six
// words at most, or 20 characters for text without spaces (CJK).
func blockName(b block) string {
	text := cleanLine(b.text)
	if i := strings.IndexAny(text, ".!?;:。！？；：，,"); i > 0 {
		text = text[:i]
	}
	words := strings.Fields(text)
	if len(words) > 6 {
		words = words[:6]
	}
	name := strings.TrimRightFunc(strings.Join(words, " "), func(r rune) bool { return !isWord(r) })
	if r := []rune(name); len(words) == 1 && len(r) > 20 {
		name = string(r[:20])
	}
	if name == "" {
		return "Section " + itoa(b.id)
	}
	return name
}

func firstSentence(s string) string {
	if loc := sentenceSplit.FindStringIndex(s); loc != nil {
		return strings.TrimSpace(s[:loc[1]])
	}
	return s
}
