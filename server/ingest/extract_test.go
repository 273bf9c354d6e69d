package ingest

import (
	"strings"
	"testing"
)

const goodExtraction = `{"language":"en","summary":"S.","subject":"Sub","keywords":["k"],"content_labels":["c"],
 "topics":[{"topic":"A","summary":"About A","block_refs":[1],"content_labels":[],
   "children":[{"topic":"A1","summary":"About A1","block_refs":[2],"content_labels":[],"children":[]}]}]}`

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
		{"unknown key", `{"topics":[{"topic":"A","summary":"s","block_refs":[1]}],"extra":1}`, 0, "unknown field"},
		{"no topics", `{"language":"en","topics":[]}`, 0, "no topics"},
		{"null", `null`, 0, "no topics"},
		{"array", `[1,2]`, 0, "not the topic-tree JSON"},
		{"trailing data", goodExtraction + ` {"x":1}`, 0, "data after"},
		{"empty topic name", `{"topics":[{"topic":" ","summary":"s","block_refs":[1]}]}`, 0, "must not be empty"},
		{"block ref out of range", `{"topics":[{"topic":"A","summary":"s","block_refs":[3]}]}`, 0, "outside [1, 2]"},
		{"nested bad ref", `{"topics":[{"topic":"A","summary":"s","children":[{"topic":"B","summary":"s","block_refs":[0]}]}]}`, 0, "topics[0].children[0]"},
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
	if got[0].Name != "A" || got[1].Name != "A / A1" || got[1].Summary != "About A1" {
		t.Errorf("Flatten = %+v", got)
	}
}

func TestParseCategory(t *testing.T) {
	cats := []string{"Technology", "Others"}
	tests := []struct{ give, want string }{
		{`{"category_id":"Technology"}`, "Technology"},
		{`{"category_id":"technology"}`, "Technology"},
		{`{"category_id":"Astrology"}`, "Others"},
		{`not json`, "Others"},
		{`{"category_id":"Technology","x":1}`, "Others"},
	}
	for _, tt := range tests {
		if got := ParseCategory(tt.give, cats); got != tt.want {
			t.Errorf("ParseCategory(%s) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestExtractionPromptNumbersBlocks(t *testing.T) {
	paras := Paragraphs("\ufeffOne\r\nline.\r\n\r\n\r\nTwo.\n\n   \n\nThree.")
	if len(paras) != 3 || paras[0] != "One line." {
		t.Fatalf("Paragraphs = %q", paras)
	}
	_, user := ExtractionPrompt("T", paras)
	for _, want := range []string{"[1] One line.\n", "[2] Two.\n", "[3] Three.\n"} {
		if !strings.Contains(user, want) {
			t.Errorf("prompt lacks %q:\n%s", want, user)
		}
	}
}

func FuzzParseExtraction(f *testing.F) {
	for _, s := range []string{goodExtraction, "```json\n{}\n```", `{"topics":[{}]}`, "", "```", deepTree(3)} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, answer string, blocks int) {
		x, err := ParseExtraction(answer, blocks)
		if err != nil {
			if code, _ := CodeOf(err); code != CodeExtractionEmpty {
				t.Fatalf("error %v has code %q, want EXTRACTION_EMPTY", err, code)
			}
			return
		}
		for _, ft := range x.Flatten() {
			if strings.TrimSpace(ft.Name) == "" || strings.TrimSpace(ft.Summary) == "" {
				t.Fatalf("accepted an empty topic: %+v", ft)
			}
			for _, r := range ft.BlockRefs {
				if r < 1 || r > blocks {
					t.Fatalf("accepted block ref %d outside [1,%d]", r, blocks)
				}
			}
		}
	})
}
