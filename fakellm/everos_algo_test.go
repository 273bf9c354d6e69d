package fakellm_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The parser rules EverAlgo applies to the answers, reimplemented here
// from _llm_json.py and _topic_build.py so the fake is checked against
// them, not against itself.

var (
	fenceRe     = regexp.MustCompile("(?s)```(?:json)?\\s*(\\{.*?\\})\\s*```")
	outermostRe = regexp.MustCompile(`(?s)\{.*\}`)
)

// parseLLMJSON: a fenced object first, else the outermost {...}.
func parseLLMJSON(s string) map[string]any {
	for _, m := range [][]string{fenceRe.FindStringSubmatch(s), {outermostRe.FindString(s), outermostRe.FindString(s)}} {
		if len(m) > 1 && m[1] != "" {
			var v map[string]any
			if json.Unmarshal([]byte(m[1]), &v) == nil {
				return v
			}
		}
	}
	return nil
}

// segmentRanges is parse_segment_ranges applied to str(v): the ids and
// the number of parts it skips.
func segmentRanges(v any) (ids []int, skipped int) {
	s, ok := v.(string)
	if !ok {
		b, _ := json.Marshal(v)
		s = string(b)
	}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		a, b, isRange := strings.Cut(part, "-")
		lo, err1 := strconv.Atoi(strings.TrimSpace(a))
		hi, err2 := lo, error(nil)
		if isRange {
			hi, err2 = strconv.Atoi(strings.TrimSpace(b))
		}
		if err1 != nil || err2 != nil {
			skipped++
			continue
		}
		for n := lo; n <= hi; n++ {
			ids = append(ids, n)
		}
	}
	return ids, skipped
}

var labelSet = []string{"violence", "adult", "hate_speech", "personal_info", "financial", "medical"}

func checkLabels(t *testing.T, at string, v any) {
	t.Helper()
	ls, ok := v.([]any)
	if !ok {
		t.Errorf("%s: content_labels is %T, want a list", at, v)
	}
	for _, l := range ls {
		if s, _ := l.(string); !slices.Contains(labelSet, s) {
			t.Errorf("%s: content label %v is not in the fixed set", at, l)
		}
	}
}

func normText(s string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" \n\t#*-|>", r) }), " "))
}

// checkAlgoTree applies the rules to a topic-tree answer for batch and
// returns the share of the batch's blocks its topics cover.
func checkAlgoTree(t *testing.T, answer string, batch []atom) float64 {
	t.Helper()
	v := parseLLMJSON(answer)
	if v == nil {
		t.Fatalf("answer has no JSON object: %s", answer)
	}
	for _, k := range []string{"language", "summary", "subject"} {
		if s, _ := v[k].(string); strings.TrimSpace(s) == "" {
			t.Errorf("%s is %v, want a non-empty string", k, v[k])
		}
	}
	checkLabels(t, "document", v["content_labels"])
	var doc []string
	ids := map[int]bool{}
	for _, a := range batch {
		doc, ids[a.ID] = append(doc, a.Text), true
	}
	text := normText(strings.Join(doc, " "))
	covered := map[int]bool{}
	var walk func(ts any, at string, depth int)
	walk = func(ts any, at string, depth int) {
		list, ok := ts.([]any)
		if !ok && ts != nil {
			t.Errorf("%s: children is %T, want a list", at, ts)
		}
		for i, x := range list {
			tp, _ := x.(map[string]any)
			here := at + "[" + strconv.Itoa(i) + "]"
			name, _ := tp["topic"].(string)
			if name == "" || !strings.Contains(text, normText(name)) {
				t.Errorf("%s: topic %q is not taken from the document's blocks", here, name)
			}
			if s, _ := tp["summary"].(string); s == "" {
				t.Errorf("%s: empty summary", here)
			}
			if _, ok := tp["block_refs"].(string); !ok {
				t.Errorf("%s: block_refs %v is not a range string", here, tp["block_refs"])
			}
			refs, skipped := segmentRanges(tp["block_refs"])
			if skipped > 0 {
				t.Errorf("%s: %d unparseable parts in block_refs %v", here, skipped, tp["block_refs"])
			}
			for _, r := range refs {
				if !ids[r] {
					t.Errorf("%s: block %d is not in this batch", here, r)
				}
				covered[r] = true
			}
			checkLabels(t, here, tp["content_labels"])
			if depth < 5 {
				walk(tp["children"], here+".children", depth+1)
			}
		}
	}
	if ts, _ := v["topics"].([]any); len(ts) == 0 {
		t.Fatalf("no topics: %s", answer)
	}
	walk(v["topics"], "topics", 0)
	return float64(len(covered)) / float64(len(batch))
}

// ask sends prompt as EverAlgo does and compares prompt and answer with
// testdata/everos/algo-NAME.{prompt,golden} (-update rewrites them).
func ask(t *testing.T, name, prompt string) string {
	t.Helper()
	got := chatContent(t, chatRequest(prompt))
	for ext, content := range map[string]string{".prompt": prompt, ".golden": got + "\n"} {
		path := filepath.Join("testdata", "everos", "algo-"+name+ext)
		if *update {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if string(want) != content {
			t.Errorf("%s differs from %s:\ngot  %s\nwant %s", ext, path, content, want)
		}
	}
	return got
}
