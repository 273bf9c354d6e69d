package corpus

// Document is one upload: a markdown (or other text) file with a title.
type Document struct {
	// Title is sent as the `title` form field; it always contains a word
	// character and never a path separator.
	Title string
	// Filename is the multipart file name, e.g. "cold-chain-review-12.md".
	Filename string
	// Category is sent as `category_id` when not empty; empty lets the
	// server classify the document.
	Category string
	// Content is the file's bytes.
	Content []byte
}

// Source yields document i (0-based), the same bytes for the same i on
// every call, safely from several goroutines.
type Source interface {
	Doc(i int) (Document, error)
}

// Categories lists the categories generated documents are filed under.
var Categories = []string{"engineering", "operations", "research", "finance", "legal", "product"}
