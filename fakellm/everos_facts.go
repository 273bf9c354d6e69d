package fakellm

import (
	"regexp"
	"strings"
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
