package ingest

import (
	"fmt"
	"strings"
)

// MaxParagraphs bounds the numbered blocks sent to the LLM; longer
// documents are cut (and say so in the prompt).
const MaxParagraphs = 4000

// Paragraphs splits text into blocks separated by blank lines, each with its
// whitespace collapsed. A leading byte-order mark is dropped.
func Paragraphs(text string) []string {
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, block := range strings.Split(text, "\n\n") {
		if p := strings.Join(strings.Fields(block), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// extractionSystem is the EverAlgo-shaped instruction for topic-tree
// extraction. The fake LLM recognises it by the "topic tree" wording and the
// numbered "[N] text" blocks.
const extractionSystem = `You are a knowledge extraction engine. Read the document blocks below and build a topic tree.
Every block is numbered as "[N] text". Return ONLY one JSON object, no prose, with exactly these keys:
{"language": "<ISO 639-1 code>", "summary": "<2-3 sentence summary>", "subject": "<main subject>",
 "keywords": ["..."], "content_labels": ["..."],
 "topics": [{"topic": "<short name>", "summary": "<what the blocks say>", "block_refs": [N, ...],
             "content_labels": ["..."], "children": [<topics of the same shape>]}]}
Every topic cites the blocks it is drawn from in block_refs. Do not invent blocks.`

// ExtractionPrompt returns the system and user messages for a document.
func ExtractionPrompt(title string, paras []string) (system, user string) {
	var b strings.Builder
	fmt.Fprintf(&b, "Document title: %s\n", title)
	n := len(paras)
	if n > MaxParagraphs {
		fmt.Fprintf(&b, "(the document has %d blocks; the first %d are shown)\n", n, MaxParagraphs)
		n = MaxParagraphs
	}
	b.WriteString("Document blocks:\n")
	for i, p := range paras[:n] {
		fmt.Fprintf(&b, "[%d] %s\n", i+1, p)
	}
	return extractionSystem, b.String()
}

// classificationSystem asks for one category out of a closed list.
const classificationSystem = `You classify documents into exactly one category.
Return ONLY one JSON object: {"category_id": "<one of the allowed categories>"}.
If none fits, answer {"category_id": "Others"}.`

// ClassificationPrompt returns the messages that ask for a category.
func ClassificationPrompt(categories []string, title, summary string, topics []string) (system, user string) {
	var b strings.Builder
	fmt.Fprintf(&b, "Allowed categories: %s\n", strings.Join(categories, ", "))
	fmt.Fprintf(&b, "Document title: %s\nSummary: %s\nTopics: %s\n", title, summary, strings.Join(topics, "; "))
	return classificationSystem, b.String()
}
