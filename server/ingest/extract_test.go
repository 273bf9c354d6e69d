package ingest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

const goodExtraction = `{"language":"English","summary":"S.","subject":"Sub","keywords":["k"],"content_labels":[],
 "topics":[{"topic":"A","summary":"About A","block_refs":"0","content_labels":[],
   "children":[{"topic":"A1","summary":"About A1","block_refs":"1","content_labels":[],"children":[]}]}]}`

func TestParseExtraction(t *testing.T) {
	tests := []struct {
		name   string
		give   string
		topics int    // flattened; 0 = error expected
		errHas string // substring of the error
	}{
		{"good", goodExtraction, 2, ""},
		{"fenced", "```json\n" + goodExtraction + "\n```", 2, ""},
		{"garbage", "I think the topics are A and B", 0, "not the topic-tree JSON"},
		{"truncated", goodExtraction[:40], 0, "not the topic-tree JSON"},
		{"unknown key", `{"topics":[{"topic":"A","summary":"s","block_refs":"0"}],"extra":1}`, 0, "unknown field"},
		{"no topics", `{"language":"en","topics":[]}`, 0, "no topics"},
		{"null", `null`, 0, "no topics"},
		{"array", `[1,2]`, 0, "not the topic-tree JSON"},
		{"trailing data", goodExtraction + ` {"x":1}`, 0, "data after"},
		{"empty topic name", `{"topics":[{"topic":" ","summary":"s","block_refs":"0"}]}`, 0, "must not be empty"},
		{"block ref out of range is skipped", `{"topics":[{"topic":"A","summary":"s","block_refs":"3"}]}`, 1, ""},
		{"garbage refs are skipped", `{"topics":[{"topic":"A","summary":"s","children":[{"topic":"B","summary":"s","block_refs":"x, 1-y"}]}]}`, 2, ""},
		{"too deep", deepTree(MaxTopicDepth + 1), 0, "deeper than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := ParseExtraction(tt.give, 2)
			if tt.topics > 0 {
				if err != nil || len(x.Flatten()) != tt.topics {
					t.Fatalf("ParseExtraction: %v, %d topics; want %d topics", err, len(x.Flatten()), tt.topics)
				}
				return
			}
			code, _ := CodeOf(err)
			if code != CodeExtractionEmpty || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("ParseExtraction: %v, want EXTRACTION_EMPTY containing %q", err, tt.errHas)
			}
		})
	}
}

// TestParseExtractionCoverage: refs parse as EverAlgo parses them, blocks
// no topic cites are listed, skipped parts counted.
func TestParseExtractionCoverage(t *testing.T) {
	tests := []struct {
		name      string
		refs      string // the block_refs JSON value of the one topic
		want      []int
		uncovered []int
		skipped   int
	}{
		{"range string", `"0-2,4"`, []int{0, 1, 2, 4}, []int{3, 5}, 0},
		{"spaces", `" 1 , 3 - 5 "`, []int{1, 3, 4, 5}, []int{0, 2}, 0},
		{"garbage parts", `"1, foo, 3-bar, 5"`, []int{1, 5}, []int{0, 2, 3, 4}, 2},
		{"json array mostly lost", `[0, 1, 2]`, []int{1}, []int{0, 2, 3, 4, 5}, 2},
		{"number", `4`, []int{4}, []int{0, 1, 2, 3, 5}, 0},
		{"beyond the document", `"4-9"`, []int{4, 5}, []int{0, 1, 2, 3}, 1},
		{"null", `null`, nil, []int{0, 1, 2, 3, 4, 5}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := ParseExtraction(`{"topics":[{"topic":"T","summary":"s","block_refs":`+tt.refs+`}]}`, 6)
			if err != nil {
				t.Fatal(err)
			}
			if got := x.Topics[0].BlockRefs; !slices.Equal(got, tt.want) || !slices.Equal(x.Uncovered, tt.uncovered) || x.Skipped != tt.skipped {
				t.Errorf("refs %v uncovered %v skipped %d; want %v, %v, %d", got, x.Uncovered, x.Skipped, tt.want, tt.uncovered, tt.skipped)
			}
		})
	}
}

func deepTree(depth int) string {
	s := `{"topic":"leaf","summary":"s"}`
	for range depth - 1 {
		s = `{"topic":"n","summary":"s","children":[` + s + `]}`
	}
	return `{"topics":[` + s + `]}`
}

func TestFlattenNamesPaths(t *testing.T) {
	x, err := ParseExtraction(goodExtraction, 2)
	if err != nil {
		t.Fatal(err)
	}
	got := x.Flatten()
	if got[0].Name != "A" || got[1].Name != "A / A1" || got[1].Summary != "About A1" || !slices.Equal(got[1].BlockRefs, []int{1}) {
		t.Errorf("Flatten = %+v", got)
	}
}

func TestParseCategory(t *testing.T) {
	cats := []string{"Technology", "how-to", "Others"}
	tests := []struct{ give, want string }{
		{`{"category_id":"Technology"}`, "Technology"},
		{`{"category_id":"  how-to  "}`, "how-to"},
		{"Sure:\n```json\n{\"category_id\": \"how-to\"}\n```", "how-to"},
		{`I pick {"category_id":"Technology"} here`, "Technology"},
		{`{"category_id":"technology"}`, "Others"},
		{`{"category_id":"Astrology"}`, "Others"},
		{`{"category_id":""}`, "Others"},
		{`{"category_id":42}`, "Others"},
		{`not json`, "Others"},
		{`{"category_id":"Technology","x":1}`, "Technology"},
	}
	for _, tt := range tests {
		if got := ParseCategory(tt.give, cats); got != tt.want {
			t.Errorf("ParseCategory(%s) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestParagraphsSplitLikeEverAlgo(t *testing.T) {
	give := "\ufeff# Title\r\nOne line.\r\n\r\n\r\n- a\n- b\n* c\nAfter.\n| h | v |\n|---|---|\n| 1 | 2 |\nTABLE_START\nx\n\ny\nTABLE_END\n   \nLast."
	want := []string{"# Title", "One line.", "- a\n- b\n* c", "After.", "| h | v |\n|---|---|\n| 1 | 2 |", "x\ny", "Last."}
	if got := Paragraphs(give); !slices.Equal(got, want) {
		t.Fatalf("Paragraphs = %q\nwant %q", got, want)
	}
}

func TestExtractionPromptWireFormat(t *testing.T) {
	paras := Paragraphs("One line.\n\nTwo.\n- a\n- b")
	system, user := ExtractionPrompt("T", paras)
	if system != "" {
		t.Errorf("system message %q, want none", system)
	}
	for _, want := range []string{"Document Title: T\nTotal paragraphs: 3 (IDs 0 to 2)\n\n" + ParagraphsHeader + "\n0: One line.\n1: Two.\n2: - a\n- b\n\n", `"block_refs": "0-2"`} {
		if !strings.Contains(user, want) {
			t.Errorf("prompt lacks %q:\n%s", want, user)
		}
	}
}

func TestClassificationPromptTaxonomy(t *testing.T) {
	system, user := ClassificationPrompt([]string{"Technology", "InternalOps"}, "Title", "A summary.")
	want := "# Taxonomy\n- Technology: CS, software, AI/ML, cloud, cybersecurity\n- InternalOps: InternalOps\n\n# Document\nTitle: Title\nSummary: A summary.\n\n# Task\n"
	if system != "" || !strings.Contains(user, want) {
		t.Errorf("system %q, prompt:\n%s\nwant it to contain:\n%s", system, user, want)
	}
	if len(DefaultCategories) != 20 || DefaultCategories[0] != "Technology" || DefaultCategories[19] != OthersCategory {
		t.Errorf("DefaultCategories = %v, want EverOS's 20 ids", DefaultCategories)
	}
}

func FuzzParseExtraction(f *testing.F) {
	for _, s := range []string{goodExtraction, "```json\n{}\n```", `{"topics":[{}]}`, "", "```", deepTree(3), `{"topics":[{"topic":"a","summary":"b","block_refs":[1,"2-3",null]}]}`} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, answer string, blocks int) {
		blocks = min(max(blocks, -1), 1<<16)
		x, err := ParseExtraction(answer, blocks)
		if err != nil {
			if code, _ := CodeOf(err); code != CodeExtractionEmpty {
				t.Fatalf("error %v has code %q, want EXTRACTION_EMPTY", err, code)
			}
			return
		}
		cited := map[int]bool{}
		for _, ft := range x.Flatten() {
			if strings.TrimSpace(ft.Name) == "" || strings.TrimSpace(ft.Summary) == "" {
				t.Fatalf("accepted an empty topic: %+v", ft)
			}
			for _, r := range ft.BlockRefs {
				if r < 0 || r >= blocks {
					t.Fatalf("kept block ref %d outside [0,%d)", r, blocks)
				}
				cited[r] = true
			}
		}
		if len(cited)+len(x.Uncovered) != max(blocks, 0) {
			t.Fatalf("%d cited + %d uncovered != %d blocks", len(cited), len(x.Uncovered), blocks)
		}
	})
}

// FuzzRangeRefs: any value parses to ids inside [0, blocks), in order
// written, no duplicates, never a panic.
func FuzzRangeRefs(f *testing.F) {
	for _, s := range []string{`"0-2,5,8-10"`, `[0, 1]`, `" 1 , 3 - 5 "`, `"-1-3"`, `"5-1"`, `1.5`, `{"a":1}`, `"999999999-9999999999"`} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, raw string, blocks int) {
		blocks = min(blocks, 1<<16)
		ids, skipped := RangeRefs(json.RawMessage(raw), blocks)
		seen := map[int]bool{}
		for _, id := range ids {
			if id < 0 || id >= blocks || seen[id] {
				t.Fatalf("RangeRefs(%s, %d) = %v", raw, blocks, ids)
			}
			seen[id] = true
		}
		if skipped < 0 {
			t.Fatalf("skipped %d", skipped)
		}
	})
}

// FuzzParagraphs: blocks are non-empty, trimmed lines of the text.
func FuzzParagraphs(f *testing.F) {
	for _, s := range []string{"a\n\nb", "- x\n- y\n|a|\nTABLE_START\nq\nTABLE_END", "\ufeff\r\n  \r\n", "TABLE_START\nnever closed"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range Paragraphs(text) {
			for _, l := range strings.Split(p, "\n") {
				if l == "" || l != strings.TrimSpace(l) || !strings.Contains(text, l) {
					t.Fatalf("block line %q is not a trimmed non-empty line of the text", l)
				}
			}
		}
	})
}
