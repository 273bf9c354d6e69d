package fakellm_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// chatContent posts a chat request body and returns the answer's content.
func chatContent(t *testing.T, srvBody []byte) string {
	t.Helper()
	srv := newServer(t, "")
	resp, body, err := post(t, srv, "/v1/chat/completions", string(srvBody))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("chat: %v %v %s", err, resp, body)
	}
	var c struct {
		Choices []struct{ Message struct{ Content string } }
	}
	if err := json.Unmarshal(body, &c); err != nil || len(c.Choices) != 1 {
		t.Fatalf("bad completion %s: %v", body, err)
	}
	return c.Choices[0].Message.Content
}

type topic struct {
	Topic, Summary string
	BlockRefs      []int    `json:"block_refs"`
	ContentLabels  []string `json:"content_labels"`
	Children       []topic
}

func TestEverOSAnswers(t *testing.T) {
	tests := []struct {
		name       string
		wantTopics int // top-level topics; 0: not a topic tree
		wantBlocks int
		wantKey    string
	}{
		{name: "extraction-bracket", wantTopics: 3, wantBlocks: 7, wantKey: "topics"},
		{name: "extraction-short", wantTopics: 1, wantBlocks: 2, wantKey: "topics"},
		{name: "extraction-dotted", wantTopics: 2, wantBlocks: 4, wantKey: "topics"},
		{name: "classification", wantKey: "category_id"},
		{name: "classification-others", wantKey: "category_id"},
		{name: "atomic-facts", wantKey: "atomic_facts"},
		{name: "echo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "everos", tt.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			got := chatContent(t, in)
			golden := filepath.Join("testdata", "everos", tt.name+".golden")
			if *update {
				os.WriteFile(golden, []byte(got+"\n"), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != strings.TrimSuffix(string(want), "\n") {
				t.Errorf("answer differs from %s:\ngot  %s\nwant %s", golden, got, want)
			}
			if tt.wantKey == "" {
				return
			}
			var m map[string]json.RawMessage
			dec := json.NewDecoder(bytes.NewReader([]byte(got)))
			if err := dec.Decode(&m); err != nil || m[tt.wantKey] == nil {
				t.Fatalf("answer is not JSON with %q: %v\n%s", tt.wantKey, err, got)
			}
			if tt.wantTopics > 0 {
				checkTopicTree(t, m, tt.wantTopics, tt.wantBlocks)
			}
		})
	}
}

func checkTopicTree(t *testing.T, m map[string]json.RawMessage, wantTopics, blocks int) {
	t.Helper()
	for _, k := range []string{"language", "summary", "subject", "keywords", "content_labels", "topics"} {
		if m[k] == nil {
			t.Errorf("topic tree lacks %q", k)
		}
	}
	var topics []topic
	json.Unmarshal(m["topics"], &topics)
	if len(topics) != wantTopics {
		t.Fatalf("%d topics, want %d", len(topics), wantTopics)
	}
	seen := map[int]bool{}
	var walk func([]topic)
	walk = func(ts []topic) {
		for _, tp := range ts {
			if tp.Topic == "" || tp.Summary == "" || tp.Children == nil || tp.ContentLabels == nil {
				t.Errorf("incomplete topic %+v", tp)
			}
			for _, r := range tp.BlockRefs {
				if r < 1 || r > blocks {
					t.Errorf("block_ref %d outside [1,%d]", r, blocks)
				}
				seen[r] = true
			}
			walk(tp.Children)
		}
	}
	walk(topics)
	if len(seen) != blocks {
		t.Errorf("topics cite %d of %d blocks", len(seen), blocks)
	}
}
