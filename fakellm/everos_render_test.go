package fakellm_test

// Request fixtures rendered the way EverAlgo renders them: the block
// splitter of _block_split.py (rules 1-4, no token cap), the numbered
// listing of format_numbered_paragraphs, and the structure of the
// prompts/en templates (markers, sections and the answer skeleton quoted;
// most instruction prose shortened). Each renderer names its source.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

type atom struct {
	ID   int
	Text string
}

var listItemRe = regexp.MustCompile(`^[-*]\s`)

// splitBlocks mirrors preprocess_content + split_content_to_blocks.
func splitBlocks(content string) []atom {
	content = regexp.MustCompile(`\n{3,}`).ReplaceAllString(strings.TrimSpace(content), "\n\n")
	lines := strings.Split(content, "\n")
	var out []atom
	for i := 0; i < len(lines); {
		line := strings.TrimSpace(lines[i])
		var merged []string
		switch {
		case line == "":
			i++
			continue
		case line == "TABLE_START":
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "TABLE_END"; i++ {
				if s := strings.TrimSpace(lines[i]); s != "" {
					merged = append(merged, s)
				}
			}
			i++
		case strings.HasPrefix(line, "|"):
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				merged = append(merged, strings.TrimSpace(lines[i]))
			}
		case listItemRe.MatchString(line):
			for ; i < len(lines) && listItemRe.MatchString(strings.TrimSpace(lines[i])); i++ {
				merged = append(merged, strings.TrimSpace(lines[i]))
			}
		default:
			merged, i = []string{line}, i+1
		}
		if len(merged) > 0 {
			out = append(out, atom{len(out), strings.Join(merged, "\n")})
		}
	}
	return out
}

func numbered(batch []atom) string {
	lines := make([]string, len(batch))
	for i, a := range batch {
		lines[i] = fmt.Sprintf("%d: %s", a.ID, a.Text)
	}
	return strings.Join(lines, "\n")
}

// renderTopicTree: prompts/en/topic_tree_extract.py, formatted as
// extractor._aextract_batch does (num_paragraphs = len(batch), max_id =
// the batch's last id).
func renderTopicTree(title string, batch []atom) string {
	return fmt.Sprintf(`
You are an expert document analyzer. Your task is to perform TWO analyses on the following document:
1. **Topic Segmentation**: Segment the document into topic-based sections
2. **Overall Analysis**: Extract summary, subject, and keywords

Document Title: %s
Total paragraphs: %d (IDs 0 to %d)

Paragraphs (format: ID: content):
%s

Return a JSON object with the following structure:
{
    "language": "Detected language of the document (e.g., 'English', 'Chinese', 'Japanese'). Identify FIRST — all subsequent fields MUST be written in this language.",
    "summary": "A comprehensive but concise summary (2-3 sentences). MUST be in the detected language.",
    "subject": "A clear, descriptive subject/topic. MUST be in the detected language.",
    "keywords": ["keyword1", "keyword2", "keyword3", "keyword4", "keyword5"],
    "content_labels": ["label1", "label2"],
    "topics": [
        {
            "topic": "Topic name (concise, max 20 chars). MUST be in the detected language.",
            "summary": "Retrieval index for this ENTIRE section (including children).",
            "block_refs": "Intro paragraph IDs only (e.g., '0-2')",
            "content_labels": ["label1"],
            "children": [
                {
                    "topic": "Sub-topic name. MUST be in the detected language.",
                    "summary": "Retrieval index for this sub-section.",
                    "block_refs": "This sub-topic's paragraph IDs",
                    "content_labels": [],
                    "children": []
                }
            ]
        }
    ]
}

Topic Segmentation Requirements:

**Coverage — every block must be assigned**:
- Every paragraph ID (0 to %d) MUST appear in at least one topic's block_refs.
- Use compressed range notation: "1-3,5,8-10" means [1,2,3,5,8,9,10]. Topics do not need to be contiguous.

Content Labels (apply to both document-level and each topic):
- Detect and tag content with applicable labels from: "violence", "adult", "hate_speech", "personal_info", "financial", "medical"
- Return an empty list if no labels apply. Only include labels that clearly match.

Return only the JSON object, no additional text or formatting.
`, title, len(batch), batch[len(batch)-1].ID, numbered(batch), batch[len(batch)-1].ID)
}

type category struct{ ID, Description string }

// everosTaxonomy is EverOS's default taxonomy (20 ids), descriptions as
// EverOS docs/knowledge.md lists them.
var everosTaxonomy = []category{
	{"Technology", "CS, software, AI/ML, cloud, cybersecurity"},
	{"Science", "Physics, chemistry, biology, astronomy"},
	{"Medical", "Clinical medicine, drugs, public health"},
	{"Finance", "Securities, banking, accounting, fintech"},
	{"Legal", "Laws, contracts, compliance, IP"},
	{"Education", "Teaching, curriculum, e-learning"},
	{"Business", "Strategy, marketing, operations, HR"},
	{"Engineering", "Mechanical, civil, electrical engineering"},
	{"Arts", "Visual arts, music, literature, film"},
	{"Sports", "Athletics, fitness, sports science"},
	{"Travel", "Tourism, hospitality, transportation"},
	{"Food", "Culinary, nutrition, food safety"},
	{"Environment", "Climate, ecology, sustainability"},
	{"Politics", "Government, international relations, policy"},
	{"History", "Historical events, civilizations, historiography"},
	{"Psychology", "Cognitive science, behavioral psychology, mental health"},
	{"Agriculture", "Farming, crop science, agribusiness"},
	{"RealEstate", "Property development, urban planning, housing"},
	{"Media", "Journalism, social media, PR"},
	{"Others", "Fallback for unclassified documents"},
}

// renderClassify: prompts/en/category_classify.py with _classify's
// "- {id}: {description}" taxonomy lines.
func renderClassify(tax []category, title, summary string) string {
	lines := make([]string, len(tax))
	for i, c := range tax {
		lines[i] = fmt.Sprintf("- %s: %s", c.ID, c.Description)
	}
	return fmt.Sprintf("You are a document classifier. Pick exactly ONE category id from the taxonomy below.\n\n"+
		"# Taxonomy\n%s\n\n# Document\nTitle: %s\nSummary: %s\n\n# Task\n"+
		"Return a JSON object with a single key ``category_id`` whose value is the id of the best\n"+
		"matching category from the taxonomy above. If none of the categories fit, return the empty\n"+
		"string. Do NOT invent ids that are not in the taxonomy.\n\n"+
		"Output strictly this JSON shape and nothing else:\n"+
		"{\"category_id\": \"<one of the ids listed in the taxonomy, or empty string>\"}\n",
		strings.Join(lines, "\n"), title, summary)
}

// renderUncovered: prompts/en/uncovered_assign.py with _postprocess's
// "  {i}: {display}" and "  block {id}: {text[:300]}" lines. The template's
// doubled braces reach the model as "{{".
func renderUncovered(title string, displays []string, uncovered []atom) string {
	var ts, us []string
	for i, d := range displays {
		ts = append(ts, fmt.Sprintf("  %d: %s", i, d))
	}
	for _, u := range uncovered {
		us = append(us, fmt.Sprintf("  block %d: %s", u.ID, cut(u.Text, 300)))
	}
	return fmt.Sprintf("\nYou are a document topic segmentation expert. The following blocks were not assigned to any topic during extraction. Assign each block to the most appropriate existing topic.\n\n"+
		"Document Title: %s\n\nExisting topics:\n%s\n\nUncovered blocks:\n%s\n\n"+
		"Instructions:\n- Use the topic index (0-based) from the list above.\n\n"+
		"Return a JSON object:\n{{\n    \"assignments\": [\n        {{\n            \"block_id\": 10,\n            \"topic_index\": 0,\n            \"reason\": \"Brief explanation\"\n        }}\n    ]\n}}\n\n"+
		"Return only the JSON object, no additional text or formatting.\n", title, strings.Join(ts, "\n"), strings.Join(us, "\n"))
}

// splitLeaf is one entry of _postprocess.detect_unsplit_leaves.
type splitLeaf struct {
	Name     string
	Blocks   []atom
	Headings []int
}

// renderSplit: prompts/en/topic_split.py with _render_split_sections.
func renderSplit(title string, leaves []splitLeaf) string {
	var secs []string
	for _, l := range leaves {
		var bs, hs []string
		total := 0
		for _, b := range l.Blocks {
			bs = append(bs, fmt.Sprintf("%d: %s", b.ID, cut(b.Text, 200)))
			total += len([]rune(b.Text))
		}
		for _, h := range l.Headings {
			hs = append(hs, fmt.Sprintf("  [%d] %s", h, cut(l.Blocks[h-l.Blocks[0].ID].Text, 80)))
		}
		secs = append(secs, fmt.Sprintf("--- Topic: %s (%d blocks, %d chars) ---\nBlocks:\n%s\n\nSub-headings found:\n%s",
			l.Name, len(l.Blocks), total, strings.Join(bs, "\n"), strings.Join(hs, "\n")))
	}
	return fmt.Sprintf("\nYou are a document topic segmentation expert. The following leaf topics were extracted from a document but each contains multiple sub-headings that may warrant splitting into a hierarchical parent-children structure.\n\n"+
		"Document Title: %s\n\nFor each topic below, decide whether it should be split. Then return the result.\n\n%s\n\n"+
		"Return a JSON object:\n{{\n    \"results\": [\n        {{\n            \"original_topic\": \"The original topic name\",\n            \"should_split\": true,\n            \"reason\": \"Brief explanation\",\n            \"block_refs\": \"Parent's own intro block IDs only (compressed range, e.g. '102')\",\n            \"children\": []\n        }}\n    ]\n}}\n\n"+
		"For topics with should_split=false, only original_topic, should_split, and reason are needed.\n"+
		"Return only the JSON object, no additional text or formatting.\n", title, strings.Join(secs, "\n\n"))
}

// renderContentMerge: prompts/en/content_merge.py with
// _batch_merge.amerge_doc_summary's partial-result lines (keywords as a
// Python list).
func renderContentMerge(title string, parts []map[string]any) string {
	var lines []string
	for i, r := range parts {
		var kws []string
		for _, k := range r["keywords"].([]any) {
			kws = append(kws, "'"+k.(string)+"'")
		}
		lines = append(lines, fmt.Sprintf("%d. Summary: %s\n   Subject: %s\n   Keywords: [%s]", i+1, r["summary"], r["subject"], strings.Join(kws, ", ")))
	}
	return fmt.Sprintf("\nYou are an expert document analyzer. Please merge multiple partial analysis results from different sections of a long document into one comprehensive analysis.\n\n"+
		"Document Title: %s\nPartial Analysis Results:\n```\n%s\n```\n\n"+
		"Please create a comprehensive analysis that merges all the partial results into:\n{\n    \"language\": \"...\",\n    \"summary\": \"...\",\n    \"subject\": \"...\",\n    \"keywords\": [\"...\"]\n}\n\n"+
		"Return only the JSON object, no additional text or formatting.\n", title, strings.Join(lines, "\n\n"))
}

type indexedTopic struct {
	Index       int     `json:"index"`
	Topic       string  `json:"topic"`
	Summary     string  `json:"summary"`
	ParentTopic *string `json:"parent_topic"`
}

// renderTopicMerge: prompts/en/topic_merge.py with
// json.dumps(indexed, ensure_ascii=False, indent=2).
func renderTopicMerge(title string, ts []indexedTopic) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(ts)
	return fmt.Sprintf("\nYou are an expert document analyzer. A long document was analyzed in multiple sections independently, producing separate topic lists. Some topics may be **true duplicates** — different sections describing the exact same specific event or subject — and should be merged.\n\n"+
		"Document Title: %s\n\nAll topics (each with an index number and optional parent_topic for context):\n```\n%s\n```\n\n"+
		"Return a JSON object:\n{\n    \"merges\": [\n        {\n            \"indices\": [0, 33],\n            \"topic\": \"Merged topic name\",\n            \"summary\": \"Merged summary\"\n        }\n    ]\n}\n\n"+
		"Return only the JSON object, no additional text or formatting.\n", title, strings.TrimRight(b.String(), "\n"))
}

// renderFactsFromText: user_memory/prompts/en/atomic_fact_from_text.py
// (str.replace of {{TEXT}} and {{TIME}}).
func renderFactsFromText(text, when string) string {
	return "\n**CRITICAL LANGUAGE RULE**: You MUST output in the SAME language as the input text.\n\n" +
		"### INPUT\n- TEXT: The source text (e.g., episode body, summary, document, email body).\n" +
		"- TIME: The anchor time for the text, e.g., \"March 10, 2024(Sunday) at 2:00 PM UTC\".\n\n" +
		"### OUTPUT\n{\n  \"atomic_facts\": {\n    \"time\": \"<THE EXACT TIME STRING FROM INPUT TIME>\",\n    \"atomic_fact\": [\"<Atomic fact sentence 1>\"]\n  }\n}\n\n" +
		"### EXAMPLE\n\n**Input:**\nTIME = \"March 10, 2024(Sunday) at 2:00 PM UTC\"\nTEXT =\n\"Gina said she just launched an ad campaign for her clothing store yesterday.\"\n\n" +
		"Now analyze the provided text and anchor time carefully, apply all rules above, and return\n**only the JSON object** in the specified format.\n\n" +
		"TEXT:\n" + text + "\n\nTIME: " + when + "\n"
}

// renderFactsConversation: user_memory/prompts/en/atomic_fact.py with
// _render_input_text's "[<ts>] <speaker>: <text>" lines.
func renderFactsConversation(when string, lines []string) string {
	rule := "**CRITICAL LANGUAGE RULE**: You MUST output in the SAME language as the input conversation content."
	return "\n" + rule + "\n\nYou are an expert information extraction analyst and information architect.\n\n" +
		"### INPUT\n- CONVERSATION_TEXT: The raw conversation transcript.\n- TIME: The start time of the conversation.\n\n" +
		"Now analyze the provided conversation content and start time carefully, apply all rules above, and return **only the JSON object** in the specified format.\n\n" +
		"Conversation start time: " + when + "\nConversation content:\n" + strings.Join(lines, "\n") + "\n\n" + rule + "\n"
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// chatRequest is the body EverAlgo's client sends: one user message,
// temperature 0, no system message, no response_format.
func chatRequest(prompt string) []byte {
	b, _ := json.Marshal(map[string]any{"model": "everos", "temperature": 0,
		"messages": []map[string]string{{"role": "user", "content": prompt}}})
	return b
}
