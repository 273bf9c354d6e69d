package fakellm

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// FuzzAlgoBlocks: the "ID: content" reader returns consecutive ids whose
// text comes from the listing, and a topic tree over them cites every one
// with range strings.
func FuzzAlgoBlocks(f *testing.F) {
	f.Add("Total paragraphs: 3 (IDs 0 to 2)\n\nParagraphs (format: ID: content):\n0: # T\n1: - a\n- b\n2: body\n\nReturn")
	f.Add("Total paragraphs: 1 (IDs 0 to 9)\nParagraphs (format: ID: content):\n7: x\n9: y\n8: z")
	f.Add("Total paragraphs: 2 (IDs 0 to 1)\r\nParagraphs (format: ID: content):\r\n0: 分布式。\r\n1: ## 缓存\r\n")
	f.Fuzz(func(t *testing.T, p string) {
		bs := algoBlocks(p)
		for i, b := range bs {
			if i > 0 && b.id != bs[i-1].id+1 {
				t.Fatalf("ids not consecutive: %v", bs)
			}
		}
		v := topicTreeAnswer(p)
		if len(bs) == 0 {
			if v != nil {
				t.Fatalf("a tree without blocks: %v", v)
			}
			return
		}
		covered := map[int]bool{}
		var walk func([]algoTopic)
		walk = func(ts []algoTopic) {
			for _, tp := range ts {
				for _, id := range parseRanges(tp.BlockRefs, 1<<30) {
					covered[id] = true
				}
				walk(tp.Children)
			}
		}
		walk(v.(algoTree).Topics)
		for _, b := range bs {
			if !covered[b.id] {
				t.Fatalf("block %d uncovered in %+v", b.id, v)
			}
		}
	})
}

// FuzzTaxonomy: the taxonomy reader returns trimmed ids, and the
// classification answer is one of them or "".
func FuzzTaxonomy(f *testing.F) {
	f.Add("# Taxonomy\n- Technology: CS, software\n- Others: Fallback\n\n# Document\nTitle: k8s\nSummary: software cloud\n\n# Task\n")
	f.Add("# Taxonomy\n- a:\n- b: x: y\n-  c: z\n# Document\n")
	f.Add("# Taxonomy\r\n- how-to: Step-by-step tutorials.\r\n# Document\r\nTitle: T\r\nSummary: tutorials\r\n")
	f.Fuzz(func(t *testing.T, p string) {
		tax := taxonomy(p)
		var ids []string
		for _, x := range tax {
			if x.id == "" || x.id != strings.TrimSpace(x.id) {
				t.Fatalf("bad id %q", x.id)
			}
			ids = append(ids, x.id)
		}
		if classifyAnchor(p) < 0 {
			return
		}
		got := classifyAnswer(p).(classification).CategoryID
		if got != "" && !slices.Contains(ids, got) {
			t.Fatalf("answer %q not in %v", got, ids)
		}
	})
}

// FuzzEverOSAnswer: any prompt is answered with valid JSON or not
// recognised; never a panic.
func FuzzEverOSAnswer(f *testing.F) {
	for _, s := range []string{"Existing topics:\n  0: A (blocks 0-3)\n\nUncovered blocks:\n  block 5: x\n",
		"--- Topic: T (2 blocks, 9 chars) ---\nBlocks:\n1: ## a\n2: ## b\n\nSub-headings found:\n  [1] ## a\n  [2] ## b\nshould_split",
		"Partial Analysis Results:\n```\n1. Summary: s\n   Subject: u\n   Keywords: ['k']\n```",
		"All topics:\n```\n[{\"index\": 0, \"topic\": \"a\"}, {\"index\": 1, \"topic\": \"A\"}]\n```\n\"merges\"",
		"TEXT:\nhello there my friend.\n\nTIME: now", "Conversation start time: t\nConversation content:\n[x] A: hi there you all\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		a, ok := everosAnswer([]chatMessage{{Role: "user", text: p}})
		if ok && !json.Valid([]byte(a)) {
			t.Fatalf("invalid JSON answer %q", a)
		}
	})
}
