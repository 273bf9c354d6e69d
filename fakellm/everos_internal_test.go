package fakellm

import (
	"fmt"
	"reflect"
	"testing"
)

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		give string
		want []paragraph
	}{
		{name: "brackets", give: "intro\n[1] one\n[2] two\n  more of two\n\nafter", want: []paragraph{{1, "one"}, {2, "two more of two"}}},
		{name: "brackets win over dots", give: "1. not this\n[3] three", want: []paragraph{{3, "three"}}},
		{name: "dots", give: "1. one\n2) two\n", want: []paragraph{{1, "one"}, {2, "two"}}},
		{name: "labels", give: "P1: one\nParagraph 2: two\nBlock 3. three", want: []paragraph{{1, "one"}, {2, "two"}, {3, "three"}}},
		{name: "heading marks", give: "[1] ## Title", want: []paragraph{{1, "Title"}}},
		{name: "repeat dropped", give: "[1] a\n[1] b", want: []paragraph{{1, "a"}}},
		{name: "none", give: "just prose, no numbers", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paragraphs(tt.give); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	tests := []struct {
		name, give string
		want       []string
	}{
		{name: "inline", give: "Allowed categories: a, b_c; d | Others", want: []string{"a", "b_c", "d"}},
		{name: "list", give: "Pick one of these categories:\n- tech: about computers\n* finance\n1. legal\n\nText", want: []string{"tech", "finance", "legal"}},
		{name: "placeholder skipped", give: `{"category_id": "<one of the allowed categories>"}`, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := categories(tt.give); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTopicCountVaries: topic count follows the document's length.
func TestTopicCountVaries(t *testing.T) {
	for _, n := range []int{1, 3, 4, 9, 10, 120, 121, 400} {
		paras := make([]paragraph, n)
		for i := range paras {
			paras[i] = paragraph{i + 1, fmt.Sprintf("Paragraph number %d says something.", i+1)}
		}
		tree := newTopicTree(paras, "")
		size := max(3, (n+39)/40)
		if want := (n + size - 1) / size; len(tree.Topics) != want {
			t.Errorf("%d paragraphs: %d topics, want %d", n, len(tree.Topics), want)
		}
	}
}
