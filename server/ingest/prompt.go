package ingest

import (
	"fmt"
	"regexp"
	"strings"
)

// MaxParagraphs bounds the numbered blocks sent to the LLM; longer
// documents are cut (EverAlgo would batch them; the reference server keeps
// one call per document).
const MaxParagraphs = 4000

var listItem = regexp.MustCompile(`^[-*]\s`)

// Paragraphs splits text into blocks the way EverAlgo's _block_split does:
// every non-empty line is a block, except that a run of list items ("- ",
// "* ") or of table rows ("|") is one block, and so is everything between
// TABLE_START and TABLE_END lines. Lines are trimmed; a merged block keeps
// its lines joined by "\n". A leading byte-order mark is dropped. Block i
// is cited as id i.
func Paragraphs(text string) []string {
	text = strings.ReplaceAll(strings.TrimPrefix(text, "\ufeff"), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); {
		var merged []string
		merged, i = nextBlock(lines, i)
		if len(merged) > 0 {
			out = append(out, strings.Join(merged, "\n"))
		}
	}
	return out
}

// nextBlock consumes the block starting at lines[i] and returns its lines
// and the index after it.
func nextBlock(lines []string, i int) ([]string, int) {
	line := strings.TrimSpace(lines[i])
	switch {
	case line == "":
		return nil, i + 1
	case line == "TABLE_START":
		var out []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "TABLE_END"; i++ {
			if s := strings.TrimSpace(lines[i]); s != "" {
				out = append(out, s)
			}
		}
		return out, i + 1
	case strings.HasPrefix(line, "|"):
		return run(lines, i, func(s string) bool { return strings.HasPrefix(s, "|") })
	case listItem.MatchString(line):
		return run(lines, i, listItem.MatchString)
	}
	return []string{line}, i + 1
}

func run(lines []string, i int, in func(string) bool) ([]string, int) {
	var out []string
	for ; i < len(lines) && in(strings.TrimSpace(lines[i])); i++ {
		out = append(out, strings.TrimSpace(lines[i]))
	}
	return out, i
}

// ExtractionPrompt returns the messages for a document's topic tree in
// EverAlgo's wire format: no system message, one user message with the
// title, "Total paragraphs: N (IDs 0 to M)", the blocks as "ID: content"
// lines under "Paragraphs (format: ID: content):", and an answer whose
// block_refs are compressed range strings ("0-2,5").
func ExtractionPrompt(title string, paras []string) (system, user string) {
	n := min(len(paras), MaxParagraphs)
	var b strings.Builder
	b.WriteString("You are a knowledge extraction engine. Do two things with the document below:\n" +
		"1. **Topic Segmentation**: split it into a tree of topics\n" +
		"2. **Overall Analysis**: give its summary, subject and keywords\n\n")
	fmt.Fprintf(&b, "Document Title: %s\nTotal paragraphs: %d (IDs 0 to %d)\n\n%s\n", oneLine(title), n, max(n-1, 0), ParagraphsHeader)
	for i, p := range paras[:n] {
		fmt.Fprintf(&b, "%d: %s\n", i, p)
	}
	b.WriteString(extractionInstructions)
	return "", b.String()
}

// ParagraphsHeader is the line above the numbered blocks.
const ParagraphsHeader = "Paragraphs (format: ID: content):"

const extractionInstructions = `
Return a JSON object with the following structure:
{
    "language": "the document's language, e.g. 'English'",
    "summary": "2-3 sentences",
    "subject": "the main subject",
    "keywords": ["3-5 words found in the document"],
    "content_labels": [],
    "topics": [
        {"topic": "short name", "summary": "what these blocks say", "block_refs": "0-2",
         "content_labels": [], "children": [{"topic": "...", "summary": "...", "block_refs": "3,5-6", "content_labels": [], "children": []}]}
    ]
}

Rules:
- Every paragraph ID must appear in at least one topic's block_refs; a parent's block_refs hold only its own intro blocks.
- block_refs is a compressed range string: "1-3,5,8-10" means [1,2,3,5,8,9,10].
- content_labels come only from: "violence", "adult", "hate_speech", "personal_info", "financial", "medical"; empty when none applies.
- Write every field in the document's language.

Return only the JSON object, no additional text or formatting.
`

// Category is one taxonomy entry offered to the classifier.
type Category struct {
	ID, Description string
}

// EverOSTaxonomy is EverOS's default taxonomy (20 categories, descriptions
// as EverOS documents them).
var EverOSTaxonomy = []Category{
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
	{OthersCategory, "Fallback for unclassified documents"},
}

// describe is the taxonomy description of id: EverOS's for its default
// ids, else the id itself.
func describe(id string) string {
	for _, c := range EverOSTaxonomy {
		if c.ID == id {
			return c.Description
		}
	}
	return id
}

// ClassificationPrompt returns the messages that ask for a category in
// EverAlgo's wire format: no system message; the taxonomy as "- id:
// description" lines under "# Taxonomy", then "# Document" with the title
// and summary, then "# Task" asking for {"category_id": id}.
func ClassificationPrompt(categories []string, title, summary string) (system, user string) {
	var b strings.Builder
	b.WriteString("You are a document classifier. Pick exactly ONE category id from the taxonomy below.\n\n# Taxonomy\n")
	for _, c := range categories {
		fmt.Fprintf(&b, "- %s: %s\n", oneLine(c), oneLine(describe(c)))
	}
	fmt.Fprintf(&b, "\n# Document\nTitle: %s\nSummary: %s\n\n# Task\n", oneLine(title), oneLine(summary))
	b.WriteString("Answer with the id of the best matching category from the taxonomy above, or the empty string if none fits.\n" +
		"Do not invent ids. Output strictly this JSON and nothing else:\n" +
		`{"category_id": "<one of the ids listed in the taxonomy, or empty string>"}` + "\n")
	return "", b.String()
}
