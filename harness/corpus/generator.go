package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Size limits for generated documents.
const (
	DefaultSize = 8 << 10
	MinSize     = 64
)

// Generator makes distinct markdown documents of about Size bytes.
type Generator struct {
	seed uint64
	size int
}

// NewGenerator draws its seed from rng once; size is the target size in
// bytes (documents come out between size-64 and size bytes; at least
// MinSize).
func NewGenerator(rng *rand.Rand, size int) *Generator {
	return &Generator{seed: rng.Uint64(), size: max(size, MinSize)}
}

// Doc returns document i; it depends only on the generator's seed, size
// and i.
func (g *Generator) Doc(i int) (Document, error) {
	if i < 0 {
		return Document{}, fmt.Errorf("corpus: negative document index %d", i)
	}
	w := &writer{rng: rand.New(rand.NewPCG(g.seed, uint64(i))), limit: g.size}
	w.tp = topics[w.rng.IntN(len(topics))]
	title := fmt.Sprintf("%s %s %d", w.pick(w.tp.subjects), w.pick(kinds), i+1)
	w.document(title, i)
	return Document{
		Title:    title,
		Filename: slug(title) + ".md",
		Category: w.tp.category,
		Content:  []byte(w.b.String()),
	}, nil
}

// writer builds one document up to limit bytes.
type writer struct {
	rng   *rand.Rand
	tp    topic
	b     strings.Builder
	limit int
	full  bool
}

func (w *writer) pick(list []string) string { return list[w.rng.IntN(len(list))] }

// emit appends s if it fits; otherwise it marks the document full and
// fills the remaining room with one last paragraph cut at a word.
func (w *writer) emit(s string) {
	if w.full {
		return
	}
	if w.b.Len()+len(s) <= w.limit {
		w.b.WriteString(s)
		return
	}
	w.full = true
	w.fill()
}

// fill writes a paragraph of exactly the words that fit in the remaining
// room, ending in ".\n".
func (w *writer) fill() {
	room := w.limit - w.b.Len() - 2 // for ".\n"
	var p strings.Builder
	for p.Len() <= room {
		p.WriteString(w.sentence())
		p.WriteByte(' ')
	}
	cut := strings.LastIndexByte(p.String()[:max(room, 0)], ' ')
	if cut <= 0 {
		return
	}
	w.b.WriteString(strings.TrimRight(p.String()[:cut], ",;:. "))
	w.b.WriteString(".\n")
}

func (w *writer) document(title string, i int) {
	w.emit("# " + title + "\n\n")
	w.emit(fmt.Sprintf("Document %d, filed under %s. %s\n\n", i+1, w.tp.category, w.sentence()))
	for n := 0; !w.full; n++ {
		w.section(n)
	}
}

func (w *writer) section(n int) {
	w.emit("## " + headings[n%len(headings)] + "\n\n")
	for range 1 + w.rng.IntN(3) {
		w.paragraph()
	}
	switch w.rng.IntN(6) {
	case 0, 1:
		w.list("- ")
	case 2:
		w.list("")
	case 3:
		w.table()
	case 4:
		w.code()
	}
}

func (w *writer) paragraph() {
	var p strings.Builder
	for range 3 + w.rng.IntN(5) {
		p.WriteString(w.sentence())
		p.WriteByte(' ')
	}
	w.emit(strings.TrimSpace(p.String()) + "\n\n")
}

func (w *writer) sentence() string {
	subj := w.pick(adjectives) + " " + w.pick(w.tp.nouns)
	s := fmt.Sprintf("the %s %s the %s %s", subj, w.pick(w.tp.verbs), w.pick(w.tp.nouns), w.pick(qualifiers))
	if w.rng.IntN(3) == 0 {
		s = w.pick(openers) + ", " + s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// list writes a bullet list (marker "- ") or a numbered list (marker "").
func (w *writer) list(marker string) {
	for k := range 2 + w.rng.IntN(4) {
		m := marker
		if m == "" {
			m = fmt.Sprintf("%d. ", k+1)
		}
		w.emit(m + w.sentence() + "\n")
	}
	w.emit("\n")
}

func (w *writer) table() {
	w.emit("| item | owner | status |\n|---|---|---|\n")
	for range 2 + w.rng.IntN(3) {
		w.emit(fmt.Sprintf("| %s | %s team | %s |\n", w.pick(w.tp.nouns), w.tp.category, w.pick(adjectives)))
	}
	w.emit("\n")
}

func (w *writer) code() {
	w.emit(fmt.Sprintf("```\n%s: %d\n%s: %s\n```\n\n",
		strings.ReplaceAll(w.pick(w.tp.nouns), " ", "_"), w.rng.IntN(1000),
		strings.ReplaceAll(w.pick(w.tp.nouns), " ", "_"), w.pick(adjectives)))
}

// slug makes a lower-case file-name-safe form of s.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
