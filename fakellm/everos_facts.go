package fakellm

import (
	"regexp"
	"strings"
	"unicode"
)

type factsAnswer struct {
	AtomicFacts atomicFactsBody `json:"atomic_facts"`
}

type atomicFactsBody struct {
	Time       string   `json:"time"`
	AtomicFact []string `json:"atomic_fact"`
}

var (
	dateRe      = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b`)
	sentenceEnd = regexp.MustCompile(`[.!?。！？]+(\s+|$)`)
)

// atomicFacts splits the document into sentences of three or more words
// (at most 20) and takes the first ISO date in it as the time.
func atomicFacts(text string) any {
	var facts []string
	for _, s := range sentenceEnd.Split(strings.Join(strings.Fields(stripNumbering(text)), " "), -1) {
		if s = strings.TrimSpace(s); len(strings.Fields(s)) >= 3 && len(facts) < 20 {
			facts = append(facts, s+".")
		}
	}
	if facts == nil {
		facts = []string{}
	}
	return factsAnswer{AtomicFacts: atomicFactsBody{Time: dateRe.FindString(text), AtomicFact: facts}}
}

// stripNumbering drops "[N] " paragraph numbers so they do not become
// part of the facts.
func stripNumbering(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if m := bracketPara.FindStringSubmatch(l); m != nil {
			lines[i] = m[2]
		}
	}
	return strings.Join(lines, "\n")
}

var (
	messagePrefix = regexp.MustCompile(`^\[[^\]]*\]\s*`)
	sentenceSplit = regexp.MustCompile(`[.!?]+(?:\s+|$)|[。！？]+\s*`)
)

// hasCJK reports whether s has Han, kana or Hangul letters.
func hasCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

// factsTextAnchor is the offset of the line "TEXT:" of EverAlgo's
// from-text prompt when a "TIME: " line follows, else -1.
func factsTextAnchor(p string) int {
	at := lineAt(p, "TEXT:", 0)
	if at < 0 || linePrefixAt(p, "TIME: ", at) < 0 {
		return -1
	}
	return at
}

// factsFromText: the facts are the sentences of the text between "TEXT:"
// and the last "TIME: " line; the time is that line's rest, as written.
func factsFromText(p string) any {
	body := p[factsTextAnchor(p)+len("TEXT:"):]
	at := strings.LastIndex(body, "\nTIME: ")
	text, when := body[:at], body[at+len("\nTIME: "):]
	if nl := strings.IndexByte(when, '\n'); nl >= 0 {
		when = when[:nl]
	}
	return factsAnswer{AtomicFacts: atomicFactsBody{Time: strings.TrimSpace(when), AtomicFact: sentences(text, "")}}
}

// factsConversationAnchor is the offset of the "Conversation start time: "
// line of EverAlgo's conversation prompt when "Conversation content:"
// follows, else -1.
func factsConversationAnchor(p string) int {
	at := linePrefixAt(p, "Conversation start time: ", 0)
	if at < 0 || lineAt(p, "Conversation content:", at) < 0 {
		return -1
	}
	return at
}

// factsFromConversation: one fact per sentence of each "[ts] speaker:
// text" line, attributed ("speaker said: ..."); the time is the start time
// as written.
func factsFromConversation(p string) any {
	at := factsConversationAnchor(p)
	line := p[at+len("Conversation start time: "):]
	when := line[:max(strings.IndexByte(line, '\n'), 0)]
	content := p[lineAt(p, "Conversation content:", at)+len("Conversation content:"):]
	if end := strings.LastIndex(content, "\n\n**CRITICAL LANGUAGE RULE**"); end >= 0 {
		content = content[:end]
	}
	facts := []string{}
	for _, l := range strings.Split(content, "\n") {
		l = messagePrefix.ReplaceAllString(strings.TrimSpace(l), "")
		speaker, text, ok := strings.Cut(l, ": ")
		if !ok || strings.ContainsAny(speaker, ".!?") {
			speaker, text = "", l
		}
		facts = append(facts, sentences(text, speaker)...)
	}
	return factsAnswer{AtomicFacts: atomicFactsBody{Time: strings.TrimSpace(when), AtomicFact: facts[:min(len(facts), 20)]}}
}

// sentences are the sentences of text with three words or more (or, in
// text without spaces, four characters or more), at most 20, each
// attributed to speaker when there is one.
func sentences(text, speaker string) []string {
	out := []string{}
	for _, s := range sentenceSplit.Split(strings.Join(strings.Fields(text), " "), -1) {
		s = strings.TrimSpace(s)
		cjk := hasCJK(s)
		if len(out) == 20 || (!cjk && len(strings.Fields(s)) < 3) || (cjk && len([]rune(s)) < 4) {
			continue
		}
		end := "."
		if cjk {
			end = "。"
		}
		if speaker != "" {
			s = speaker + " said: " + s
		}
		out = append(out, s+end)
	}
	return out
}
