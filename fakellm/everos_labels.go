package fakellm

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// ContentLabelSet is EverAlgo's fixed set of content labels; topic-tree
// answers use no other label.
var ContentLabelSet = []string{"violence", "adult", "hate_speech", "personal_info", "financial", "medical"}

// labelCues are the words (lower case, matched as word prefixes; any
// substring for CJK cues) that earn each label; personal_info is detected
// by pattern.
var labelCues = map[string][]string{
	"violence":    {"murder", "assault", "shooting", "stabbed", "killed", "weapon", "暴力", "谋杀"},
	"adult":       {"pornograph", "explicit sex", "nude", "色情"},
	"hate_speech": {"racial slur", "hate speech", "仇恨言论"},
	"financial":   {"bank account", "account number", "credit card", "iban", "transaction", "wire transfer", "银行账户", "信用卡"},
	"medical":     {"patient", "diagnos", "insulin", "dosage", "dose", "clinical", "medication", "prescri", "symptom", "hospital", "患者", "胰岛素", "剂量", "诊断", "药物"},
}

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	phoneRe = regexp.MustCompile(`(?:\+\d{1,3}[ -])?\(?\b\d{3}\)?[ -]\d{3}-\d{4}\b`)
	ssnRe   = regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`)
)

// contentLabels are the labels of the fixed set whose cues occur in text,
// in the set's order; empty (not null) when none applies.
func contentLabels(text string) []string {
	lower := strings.ToLower(text)
	out := []string{}
	for _, l := range ContentLabelSet {
		if l == "personal_info" {
			if emailRe.MatchString(text) || ssnRe.MatchString(text) || phoneRe.MatchString(text) {
				out = append(out, l)
			}
			continue
		}
		for _, cue := range labelCues[l] {
			if hasCue(lower, cue) {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// hasCue: a CJK cue anywhere, a Latin cue at the start of a word.
func hasCue(lower, cue string) bool {
	for i := 0; ; {
		j := strings.Index(lower[i:], cue)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isWord(lastRune(lower[:at])) || !isLatin(cue) {
			return true
		}
		i = at + 1
	}
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// languageName is the language as EverAlgo's prompt asks for it
// ("English", "Chinese", ...).
func languageName(text string) string {
	return map[string]string{"en": "English", "zh": "Chinese", "ja": "Japanese", "ko": "Korean"}[language(text)]
}

// docKeywords are n keywords that occur in the text as written: the most
// frequent words of four letters or more (stop words excluded), or for
// Chinese the most frequent two-character pairs. Ties go alphabetically.
func docKeywords(text string, n int) []string {
	if language(text) == "zh" || language(text) == "ja" {
		return hanKeywords(text, n)
	}
	first := map[string]string{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWord(r) }) {
		if l := strings.ToLower(w); first[l] == "" {
			first[l] = w
		}
	}
	kw := keywords(text, n)
	for i, w := range kw {
		kw[i] = first[w]
	}
	return kw
}

func hanKeywords(text string, n int) []string {
	counts := map[string]int{}
	for _, run := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
		r := []rune(run)
		for i := 0; i+2 <= len(r); i++ {
			counts[string(r[i:i+2])]++
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
	return words[:min(n, len(words))]
}
