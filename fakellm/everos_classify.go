package fakellm

import (
	"regexp"
	"strings"
)

// OthersCategory is the classification answer when no listed category
// shares a word with the document.
const OthersCategory = "Others"

type classification struct {
	CategoryID string `json:"category_id"`
}

var (
	categoryLine = regexp.MustCompile(`(?im)categor(?:y|ies)[^:\n]*:[ \t]*(.*)$`)
	listItem     = regexp.MustCompile(`^\s*(?:[-*•]|\d+[.)])\s*` + "`?" + `([A-Za-z0-9_./-]+)`)
)

// classify picks the listed category whose id words occur most often in
// the non-system text; OthersCategory when none occurs.
func classify(msgs []chatMessage) any {
	cats := categories(joinText(msgs, true))
	doc := strings.ToLower(categoryLine.ReplaceAllString(joinText(msgs, false), ""))
	best, bestScore := OthersCategory, 0
	for _, c := range cats {
		score := 0
		for _, w := range strings.FieldsFunc(strings.ToLower(c), func(r rune) bool { return !isWord(r) }) {
			if len(w) >= 3 {
				score += strings.Count(doc, w)
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return classification{CategoryID: best}
}

// categories reads the allowed ids: the comma/semicolon/pipe separated
// list after "categories:" on one line, or the bulleted/numbered lines
// below such a line. Placeholders like <...> and "Others" are skipped.
func categories(text string) []string {
	lines := strings.Split(text, "\n")
	var out []string
	for i, l := range lines {
		m := categoryLine.FindStringSubmatch(l)
		if m == nil || strings.Contains(l, "category_id") {
			continue
		}
		if rest := strings.TrimSpace(m[1]); rest != "" {
			out = append(out, splitCategories(rest)...)
			continue
		}
		for _, next := range lines[i+1:] {
			item := listItem.FindStringSubmatch(next)
			if item == nil {
				break
			}
			out = append(out, item[1])
		}
	}
	return dedupe(out)
}

func splitCategories(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		f = strings.Trim(strings.TrimSpace(f), "\"'`[]. ")
		if f != "" && !strings.ContainsAny(f, "<>{}") && !strings.EqualFold(f, OthersCategory) && len(strings.Fields(f)) <= 4 {
			out = append(out, f)
		}
	}
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
