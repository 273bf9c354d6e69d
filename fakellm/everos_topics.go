package fakellm

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// topicTree is EverAlgo's topic-tree answer.
type topicTree struct {
	Language      string      `json:"language"`
	Summary       string      `json:"summary"`
	Subject       string      `json:"subject"`
	Keywords      []string    `json:"keywords"`
	ContentLabels []string    `json:"content_labels"`
	Topics        []topicNode `json:"topics"`
}

type topicNode struct {
	Topic         string      `json:"topic"`
	Summary       string      `json:"summary"`
	BlockRefs     []int       `json:"block_refs"`
	ContentLabels []string    `json:"content_labels"`
	Children      []topicNode `json:"children"`
}

// Topic-tree shape: consecutive paragraphs are grouped, topicGroup per
// topic (more for long documents, so there are at most maxTopics); a group
// of several paragraphs has one child per paragraph when the document has
// at most maxChildDocParas paragraphs.
const (
	topicGroup       = 3
	maxTopics        = 40
	maxChildDocParas = 60
	maxSummaryRunes  = 240
)

func newTopicTree(paras []paragraph, title string) topicTree {
	size := max(topicGroup, (len(paras)+maxTopics-1)/maxTopics)
	var topics []topicNode
	var texts []string
	for i := 0; i < len(paras); i += size {
		group := paras[i:min(i+size, len(paras))]
		topics = append(topics, topicFor(group, len(paras) <= maxChildDocParas))
		texts = append(texts, group[0].text)
	}
	all := joinParas(paras)
	kw := keywords(all, 5)
	subject := title
	if subject == "" {
		subject = topics[0].Topic
	}
	return topicTree{
		Language: language(all), Summary: summarize(strings.Join(texts, " "), 2*maxSummaryRunes),
		Subject: subject, Keywords: kw, ContentLabels: labels(kw), Topics: topics,
	}
}

func topicFor(group []paragraph, children bool) topicNode {
	text := joinParas(group)
	t := topicNode{Topic: headline(group[0].text, group[0].n), Summary: summarize(text, maxSummaryRunes),
		ContentLabels: labels(keywords(text, 2)), Children: []topicNode{}}
	for _, p := range group {
		t.BlockRefs = append(t.BlockRefs, p.n)
	}
	if children && len(group) > 1 {
		for _, p := range group {
			t.Children = append(t.Children, topicFor([]paragraph{p}, false))
		}
	}
	return t
}

func joinParas(ps []paragraph) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.text)
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

// headline is the first six words of a paragraph, markdown heading marks
// and trailing punctuation removed; "Section N" when that leaves nothing.
func headline(text string, n int) string {
	if i := strings.IndexAny(text, ".!?;:"); i > 0 {
		text = text[:i]
	}
	words := strings.Fields(text)
	if len(words) > 6 {
		words = words[:6]
	}
	h := strings.TrimRightFunc(strings.Join(words, " "), func(r rune) bool { return !isWord(r) })
	if h == "" {
		return "Section " + itoa(n)
	}
	return h
}

// summarize is the first sentence(s) of text up to max runes.
func summarize(text string, max int) string {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return "(empty)"
	}
	r := []rune(text)
	if len(r) <= max {
		return text
	}
	cut := string(r[:max])
	if i := strings.LastIndexAny(cut, ".!?。！？"); i > max/3 {
		_, size := utf8.DecodeRuneInString(cut[i:])
		return cut[:i+size]
	}
	return strings.TrimSpace(cut) + "..."
}

var stopwords = map[string]bool{"that": true, "this": true, "with": true, "from": true, "have": true,
	"were": true, "which": true, "their": true, "there": true, "they": true, "been": true, "will": true,
	"would": true, "into": true, "about": true, "also": true, "than": true, "then": true, "them": true,
	"these": true, "those": true, "what": true, "when": true, "where": true, "while": true, "your": true,
	"before": true, "after": true, "every": true, "each": true, "must": true, "other": true, "more": true,
	"some": true, "such": true, "only": true, "between": true, "over": true, "under": true, "very": true}

// keywords are the n most frequent words of four or more letters (ties in
// alphabetical order), stop words excluded.
func keywords(text string, n int) []string {
	counts := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !isWord(r) }) {
		if len([]rune(w)) >= 4 && !stopwords[w] && !isNumber(w) {
			counts[w]++
		}
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if counts[words[i]] != counts[words[j]] {
			return counts[words[i]] > counts[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > n {
		words = words[:n]
	}
	return words
}

func labels(kw []string) []string {
	if len(kw) == 0 {
		return []string{"text"}
	}
	return kw[:min(2, len(kw))]
}

func isNumber(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// language is "zh" or "ja" or "ko" when most letters are of that script,
// else "en".
func language(text string) string {
	var han, kana, hangul, letters int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	switch {
	case letters == 0:
		return "en"
	case kana*5 > letters:
		return "ja"
	case hangul*2 > letters:
		return "ko"
	case han*2 > letters:
		return "zh"
	}
	return "en"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
