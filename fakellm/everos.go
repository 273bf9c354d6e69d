package fakellm

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"
)

// everosAnswer recognises the EverOS/EverAlgo prompts (see doc.go for the
// rules) and answers with JSON of their shape, built from the prompt.
func everosAnswer(msgs []chatMessage) (string, bool) {
	if !maybeEverOS(msgs) {
		return "", false
	}
	v := algoAnswer(joinText(msgs, true))
	if v == nil {
		v = legacyAnswer(msgs)
	}
	if v == nil {
		return "", false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// algoPrompt is one of EverAlgo's prompts: anchor finds the offset of the
// template's own structural marker (-1 if absent), answer builds the reply.
type algoPrompt struct {
	name   string
	anchor func(string) int
	answer func(string) any
}

// algoPrompts are the prompts of EverAlgo's knowledge extractor and
// atomic-fact extractor. Every template puts its marker before the content
// it quotes, so the earliest marker names the prompt: a document that
// mentions another prompt's marker does not change what it is.
var algoPrompts = []algoPrompt{
	{"topic_tree", topicTreeAnchor, topicTreeAnswer},
	{"classify", classifyAnchor, classifyAnswer},
	{"uncovered_assign", uncoveredAnchor, assignUncovered},
	{"topic_split", splitAnchor, splitLeaves},
	{"content_merge", contentMergeAnchor, mergeContent},
	{"topic_merge", topicMergeAnchor, mergeTopics},
	{"atomic_fact_from_text", factsTextAnchor, factsFromText},
	{"atomic_fact", factsConversationAnchor, factsFromConversation},
}

// recognise names the EverAlgo prompt of p ("" for none).
func recognise(p string) (algoPrompt, bool) {
	best, at := algoPrompt{}, -1
	for _, k := range algoPrompts {
		if i := k.anchor(p); i >= 0 && (at < 0 || i < at) {
			best, at = k, i
		}
	}
	return best, at >= 0
}

func algoAnswer(p string) any {
	k, ok := recognise(p)
	if !ok {
		return nil
	}
	return k.answer(p)
}

// legacyAnswer answers the older prompt forms by keywords: "atomic fact",
// "category_id" with a category list, "topic" with numbered paragraphs.
func legacyAnswer(msgs []chatMessage) any {
	all := joinText(msgs, true)
	lower := strings.ToLower(all)
	switch {
	case strings.Contains(lower, "atomic_fact") || strings.Contains(lower, "atomic fact"):
		return atomicFacts(joinText(msgs, false))
	case strings.Contains(lower, "category_id") && len(categories(all)) > 0:
		return classify(msgs)
	case strings.Contains(lower, "topic"):
		paras := paragraphs(joinText(msgs, false))
		if len(paras) == 0 {
			paras = paragraphs(all)
		}
		if len(paras) == 0 {
			return nil
		}
		return newTopicTree(paras, titleOf(all))
	case strings.Contains(lower, "category_id"):
		return classify(msgs)
	}
	return nil
}

// joinText joins message texts; withSystem false keeps only non-system
// messages (where the document is).
func joinText(msgs []chatMessage, withSystem bool) string {
	var b strings.Builder
	for _, m := range msgs {
		if !withSystem && (m.Role == "system" || m.Role == "developer") {
			continue
		}
		b.WriteString(m.text)
		b.WriteByte('\n')
	}
	return b.String()
}

type paragraph struct {
	n    int
	text string
}

var (
	bracketPara = regexp.MustCompile(`^\s*\[(\d{1,6})\]\s*(.*)$`)
	labelPara   = regexp.MustCompile(`^\s*(?i:p|para|paragraph|block|§)?\s?(\d{1,6})\s*[.):]\s+(.*)$`)
	titleLine   = regexp.MustCompile(`(?im)^\s*(?:document\s+)?title\s*:\s*(.+)$`)
)

// paragraphs finds numbered paragraphs: "[N] text" lines, or else
// "N. text", "N) text", "P1: text", "Paragraph 2: text" lines. Unnumbered
// lines directly below a numbered one continue it; a blank line ends it.
// Numbers are kept as written; repeats are dropped.
func paragraphs(text string) []paragraph {
	lines := strings.Split(text, "\n")
	for _, re := range []*regexp.Regexp{bracketPara, labelPara} {
		if ps := paragraphsWith(lines, re); len(ps) > 0 {
			return ps
		}
	}
	return nil
}

func paragraphsWith(lines []string, re *regexp.Regexp) []paragraph {
	var out []paragraph
	seen := map[string]bool{}
	open := false
	for _, l := range lines {
		if m := re.FindStringSubmatch(l); m != nil {
			if seen[m[1]] { // a repeated number: not a paragraph of its own, nor a continuation
				open = false
				continue
			}
			seen[m[1]] = true
			out = append(out, paragraph{n: atoiSafe(m[1]), text: strings.TrimSpace(strings.TrimLeft(m[2], "#*> "))})
			open = true
			continue
		}
		if strings.TrimSpace(l) == "" {
			open = false
		} else if open {
			p := &out[len(out)-1]
			p.text = strings.TrimSpace(p.text + " " + strings.TrimSpace(l))
		}
	}
	return out
}

func atoiSafe(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func titleOf(text string) string {
	if m := titleLine.FindStringSubmatch(text); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// everosKeywords are, lower-cased, a superset of what everosAnswer looks
// for: each EverAlgo prompt's structural marker (everos_*.go anchors) and
// the older formats' words ("atomic" for "atomic_fact" and "atomic fact"):
// a prompt without one is not an EverOS prompt.
var everosKeywords = []string{
	"atomic", "category_id", "topic", "total paragraphs", "# taxonomy", "existing topics:",
	"should_split", "partial analysis results:", "```", "text:", "conversation start time:",
}

// maybeEverOS is everosAnswer's cheap pre-check, so that ordinary prompts
// cost no joined and lower-cased copy: false when no message holds a
// keyword in any case. Only ASCII text is decided here (strings.ToLower
// folds more than ASCII); other text takes the full path. It is one pass
// over each text, trying only the keywords that start with the byte at
// hand: this runs on every chat request.
func maybeEverOS(msgs []chatMessage) bool {
	for _, m := range msgs {
		s := m.text
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= utf8.RuneSelf {
				return true
			}
			if i+1 == len(s) {
				break
			}
			if d := s[i+1]; d >= utf8.RuneSelf || everosPairs[c][d>>6]>>(d&63)&1 == 0 {
				continue // no keyword starts with c, d (a non-ASCII d ends it next)
			}
			for _, k := range everosByFirst[lowerASCII(c)] { // each at least 2 bytes
				if lowerASCII(s[i+1]) == k[1] && hasPrefixFoldASCII(s[i:], k) {
					return true
				}
			}
		}
	}
	return false
}

// everosPairs marks the first two bytes of everosKeywords in any case:
// bit d of everosPairs[c] is set when a keyword starts with c, d (ASCII
// case folded). Most bytes of a prompt start no keyword, and this tells
// them with one load.
var everosPairs = func() (t [utf8.RuneSelf][2]uint64) {
	cases := func(c byte) []byte { // the keywords are lower case
		if 'a' <= c && c <= 'z' {
			return []byte{c, c - 'a' + 'A'}
		}
		return []byte{c}
	}
	for _, k := range everosKeywords {
		for _, c := range cases(k[0]) {
			for _, d := range cases(k[1]) {
				t[c][d>>6] |= 1 << (d & 63)
			}
		}
	}
	return t
}()

// everosByFirst lists everosKeywords by their first byte.
var everosByFirst = func() (t [utf8.RuneSelf][]string) {
	for _, k := range everosKeywords {
		if len(k) < 2 {
			panic("everosKeywords: " + k + " is shorter than 2 bytes")
		}
		t[k[0]] = append(t[k[0]], k)
	}
	return t
}()

// hasPrefixFoldASCII reports whether s starts with lower, ASCII case folded.
func hasPrefixFoldASCII(s, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	for j := 0; j < len(lower); j++ {
		if lowerASCII(s[j]) != lower[j] {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
