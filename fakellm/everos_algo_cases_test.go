package fakellm_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type treeFixture struct {
	name, title, doc string
	batches          int // batches the document is split into (blocks in equal halves)
	category         string
}

var treeFixtures = []treeFixture{
	{name: "small", title: "Kubernetes Operators", doc: kubernetesDoc, batches: 1, category: "Technology"},
	{name: "medium", title: "Insulin dosing guide", doc: insulinDoc, batches: 1, category: "Medical"},
	{name: "multibatch", title: "Government bond yields", doc: bondDoc, batches: 2, category: "Finance"},
	{name: "chinese", title: "分布式缓存设计", doc: chineseDoc, batches: 1},
	{name: "trap", title: "Untitled", doc: trapDoc, batches: 1},
}

func batchesOf(atoms []atom, n int) [][]atom {
	var out [][]atom
	size := (len(atoms) + n - 1) / n
	for i := 0; i < len(atoms); i += size {
		out = append(out, atoms[i:min(i+size, len(atoms))])
	}
	return out
}

// treeAnswers runs the topic-tree call for every batch of f.
func treeAnswers(t *testing.T, f treeFixture) ([][]atom, []map[string]any) {
	t.Helper()
	batches := batchesOf(splitBlocks(f.doc), f.batches)
	var answers []map[string]any
	for i, b := range batches {
		got := ask(t, f.name+"-tree-"+strconv.Itoa(i), renderTopicTree(f.title, b))
		if cov := checkAlgoTree(t, got, b); cov != 1 {
			t.Errorf("batch %d: block coverage %.0f%%, want 100%%", i, 100*cov)
		} else {
			t.Logf("%s batch %d: %d blocks, coverage 100%%", f.name, i, len(b))
		}
		answers = append(answers, parseLLMJSON(got))
	}
	return batches, answers
}

func TestEverAlgoTopicTrees(t *testing.T) {
	for _, f := range treeFixtures {
		t.Run(f.name, func(t *testing.T) { treeAnswers(t, f) })
	}
}

// TestEverAlgoClassification: the classification call, with EverOS's
// default taxonomy and the summary the fake's own topic tree gave (the
// content merge's for the multi-batch document), as in EverAlgo's
// pipeline.
func TestEverAlgoClassification(t *testing.T) {
	for _, f := range treeFixtures {
		if f.category == "" {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			_, trees := treeAnswers(t, f)
			summary := trees[0]["summary"].(string)
			if len(trees) > 1 {
				merged := parseLLMJSON(ask(t, f.name+"-content-merge", renderContentMerge(f.title, trees)))
				summary, _ = merged["summary"].(string)
			}
			v := parseLLMJSON(ask(t, f.name+"-classify", renderClassify(everosTaxonomy, f.title, summary)))
			got, _ := v["category_id"].(string)
			if !slices.ContainsFunc(everosTaxonomy, func(c category) bool { return c.ID == got }) {
				t.Fatalf("category_id %q is not in the taxonomy", got)
			}
			if got != f.category {
				t.Errorf("category_id %q, want %q", got, f.category)
			}
			t.Logf("%s: category_id %s", f.name, got)
		})
	}
}

// TestEverAlgoUncoveredAssign drops one topic's refs from the fake's tree
// and asks the uncovered-block call, rendered as _postprocess does.
func TestEverAlgoUncoveredAssign(t *testing.T) {
	f := treeFixtures[1]
	batches, trees := treeAnswers(t, f)
	topics := trees[0]["topics"].([]any)
	topics[1].(map[string]any)["block_refs"] = ""
	covered := map[int]bool{}
	var displays []string
	var walk func([]any)
	walk = func(ts []any) {
		for _, x := range ts {
			tp := x.(map[string]any)
			refs, _ := segmentRanges(tp["block_refs"])
			children, _ := tp["children"].([]any)
			if len(refs) > 0 || len(children) == 0 {
				d := tp["topic"].(string)
				if len(refs) > 0 {
					d += " (blocks " + strconv.Itoa(slices.Min(refs)) + "-" + strconv.Itoa(slices.Max(refs)) + ")"
				}
				displays = append(displays, d)
			}
			for _, r := range refs {
				covered[r] = true
			}
			walk(children)
		}
	}
	walk(topics)
	var uncovered []atom
	for _, a := range batches[0] {
		if !covered[a.ID] {
			uncovered = append(uncovered, a)
		}
	}
	if len(uncovered) == 0 {
		t.Fatal("fixture left no block uncovered")
	}
	v := parseLLMJSON(ask(t, "uncovered", renderUncovered(f.title, displays, uncovered)))
	list, _ := v["assignments"].([]any)
	var got []int
	for _, x := range list {
		a, _ := x.(map[string]any)
		id, okID := a["block_id"].(float64)
		ti, okTI := a["topic_index"].(float64)
		if !okID || !okTI || ti < 0 || int(ti) >= len(displays) {
			t.Errorf("bad assignment %v (topics 0..%d)", a, len(displays)-1)
		}
		if _, ok := a["reason"].(string); !ok {
			t.Errorf("assignment %v has no reason", a)
		}
		got = append(got, int(id))
	}
	var want []int
	for _, u := range uncovered {
		want = append(want, u.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("assigned blocks %v, want exactly the uncovered %v", got, want)
	}
}

// TestEverAlgoSplit: a leaf with two sub-headings and long bodies (what
// detect_unsplit_leaves selects) gets a split into children covering it.
func TestEverAlgoSplit(t *testing.T) {
	body := strings.Repeat("Replication copies every write to a follower before it is acknowledged. ", 16)
	leaf := splitLeaf{Name: "Storage design", Blocks: []atom{{40, "Storage overview"}, {41, "## Replication"}, {42, body},
		{43, "## Compaction"}, {44, strings.ReplaceAll(body, "Replication copies", "Compaction merges")}}, Headings: []int{41, 43}}
	short := splitLeaf{Name: "Appendix", Blocks: []atom{{50, "## Terms"}, {51, "x"}}, Headings: []int{50}}
	v := parseLLMJSON(ask(t, "split", renderSplit("Design notes", []splitLeaf{leaf, short})))
	results, _ := v["results"].([]any)
	if len(results) != 2 {
		t.Fatalf("results %v, want one per topic", v["results"])
	}
	r := results[0].(map[string]any)
	if r["original_topic"] != leaf.Name || r["should_split"] != true {
		t.Fatalf("first result %v, want a split of %q", r, leaf.Name)
	}
	ids, skipped := segmentRanges(r["block_refs"])
	for _, c := range r["children"].([]any) {
		refs, s := segmentRanges(c.(map[string]any)["block_refs"])
		ids, skipped = append(ids, refs...), skipped+s
	}
	slices.Sort(ids)
	if skipped > 0 || !slices.Equal(ids, []int{40, 41, 42, 43, 44}) {
		t.Errorf("split covers %v (skipped %d), want blocks 40-44", ids, skipped)
	}
	if s := results[1].(map[string]any); s["original_topic"] != short.Name || s["should_split"] != false {
		t.Errorf("second result %v, want no split of %q", s, short.Name)
	}
}

// TestEverAlgoTopicMerge: the multi-batch topics, flattened as
// _flatten_for_merge does, plus a true duplicate (a copyright notice at
// both ends) that must be merged.
func TestEverAlgoTopicMerge(t *testing.T) {
	_, trees := treeAnswers(t, treeFixtures[2])
	notice := map[string]any{"topic": "Copyright notice", "summary": "Copyright 2024 the authors.", "children": []any{}}
	all := []any{notice}
	for _, tr := range trees {
		all = append(all, tr["topics"].([]any)...)
	}
	all = append(all, notice)
	var flat []indexedTopic
	var visit func(x map[string]any, parent *string)
	visit = func(x map[string]any, parent *string) {
		name := x["topic"].(string)
		flat = append(flat, indexedTopic{Index: len(flat), Topic: name, Summary: x["summary"].(string), ParentTopic: parent})
		children, _ := x["children"].([]any)
		for _, c := range children {
			visit(c.(map[string]any), &name)
		}
	}
	for _, x := range all {
		visit(x.(map[string]any), nil)
	}
	v := parseLLMJSON(ask(t, "topic-merge", renderTopicMerge("Government bond yields", flat)))
	merges, ok := v["merges"].([]any)
	if !ok {
		t.Fatalf("merges %v, want a list", v["merges"])
	}
	var groups [][]int
	for _, m := range merges {
		g := m.(map[string]any)
		var idx []int
		for _, i := range g["indices"].([]any) {
			idx = append(idx, int(i.(float64)))
		}
		if _, ok := g["topic"].(string); !ok || len(idx) < 2 || slices.Max(idx) >= len(flat) {
			t.Errorf("bad merge group %v", g)
		}
		groups = append(groups, idx)
	}
	if !slices.ContainsFunc(groups, func(g []int) bool { return slices.Equal(g, []int{0, len(flat) - 1}) }) {
		t.Errorf("merges %v, want the two copyright notices [0 %d] merged", groups, len(flat)-1)
	}
}

func TestEverAlgoAtomicFacts(t *testing.T) {
	tests := []struct {
		name, prompt, time, wantIn string
	}{
		{"facts-text", renderFactsFromText("Mira moved the billing service to the new cluster on Monday. The migration took four hours and nobody was paged.",
			"March 10, 2024(Sunday) at 2:00 PM UTC"), "March 10, 2024(Sunday) at 2:00 PM UTC", "billing service"},
		{"facts-conversation", renderFactsConversation("June 3, 2025(Tuesday) at 9:30 AM UTC", []string{
			"[2025-06-03T09:30:00Z] Ana: I started the new insulin plan yesterday. It has been fine so far.",
			"[2025-06-03T09:31:10Z] Ben: Great, tell me how the readings look next week."}), "June 3, 2025(Tuesday) at 9:30 AM UTC", "insulin plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := parseLLMJSON(ask(t, tt.name, tt.prompt))
			af, _ := v["atomic_facts"].(map[string]any)
			if af["time"] != tt.time {
				t.Errorf("time %v, want the anchor %q as written", af["time"], tt.time)
			}
			facts, _ := af["atomic_fact"].([]any)
			b, _ := json.Marshal(facts)
			if len(facts) == 0 || !strings.Contains(string(b), tt.wantIn) {
				t.Errorf("facts %s, want facts from the text (with %q)", b, tt.wantIn)
			}
		})
	}
}
