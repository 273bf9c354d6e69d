package fakellm

import (
	"regexp"
	"strings"
	"unicode"
)

// taxon is one "- id: description" entry of EverAlgo's classification
// prompt.
type taxon struct {
	id, desc string
}

var taxonLine = regexp.MustCompile(`^- (\S(?:.*?\S)?):(?: (.*))?$`)

const taxonomyHeader = "# Taxonomy"

// classifyAnchor is the offset of the "# Taxonomy" line when it lists at
// least one entry and a "# Document" section follows, else -1.
func classifyAnchor(p string) int {
	at := lineAt(p, taxonomyHeader, 0)
	if at < 0 || len(taxonomy(p[at:])) == 0 || lineAt(p, "# Document", at) < 0 {
		return -1
	}
	return at
}

// taxonomy reads the entries below the first "# Taxonomy" line of s, up to
// a blank line or another heading.
func taxonomy(s string) []taxon {
	at := lineAt(s, taxonomyHeader, 0)
	if at < 0 {
		return nil
	}
	var out []taxon
	for _, l := range strings.Split(s[at:], "\n")[1:] {
		l = strings.TrimRight(l, " \t\r")
		m := taxonLine.FindStringSubmatch(l)
		if m == nil {
			break
		}
		out = append(out, taxon{id: m[1], desc: strings.TrimSpace(m[2])})
	}
	return out
}

// classifyDocument is the title and summary of the "# Document" section:
// its "Title:" line and everything from "Summary:" up to "# Task".
func classifyDocument(p string) string {
	at := lineAt(p, "# Document", max(classifyAnchor(p), 0))
	if at < 0 {
		return ""
	}
	doc := p[at+len("# Document"):]
	if end := lineAt(doc, "# Task", 0); end >= 0 {
		doc = doc[:end]
	}
	return doc
}

// classifyAnswer picks the taxonomy id whose id and description words
// overlap most with the document's title and summary (an id word counts
// twice); ties go to the earlier entry. The fallback entry "Others" is not
// scored: it is the answer when nothing overlaps, or "" (EverAlgo's "none
// fits") when the taxonomy has no such entry.
func classifyAnswer(p string) any {
	tax := taxonomy(p[max(classifyAnchor(p), 0):])
	doc := stems(classifyDocument(p))
	best, bestScore := "", 0
	for _, t := range tax {
		if strings.EqualFold(t.id, OthersCategory) {
			if best == "" {
				best = t.id
			}
			continue
		}
		score := 2*overlap(stems(splitCamel(t.id)), doc) + overlap(stems(t.desc), doc)
		if score > bestScore {
			best, bestScore = t.id, score
		}
	}
	return classification{CategoryID: best}
}

// splitCamel separates "RealEstate" into "Real Estate".
func splitCamel(s string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range s {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

var classifyStop = map[string]bool{"and": true, "the": true, "for": true, "with": true, "from": true, "into": true,
	"that": true, "this": true, "are": true, "was": true, "its": true, "other": true, "etc": true}

// stems are the lower-case words of three letters or more, a plural s
// dropped, stop words excluded.
func stems(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) < 3 || classifyStop[w] {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

// overlap counts the words of a that match some word of doc: equal, one a
// prefix of the other (the shorter of four letters or more), or sharing
// their first five letters ("medical", "medicine").
func overlap(a, doc []string) int {
	n := 0
	for _, w := range dedupe(append([]string(nil), a...)) {
		for _, d := range doc {
			if wordsMatch(w, d) {
				n++
				break
			}
		}
	}
	return n
}

func wordsMatch(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) >= 4 && strings.HasPrefix(b, a) {
		return true
	}
	return len(a) >= 5 && a[:5] == b[:5]
}
