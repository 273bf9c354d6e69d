package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Layout names where a document's files go, in the EverOS layout.
type Layout struct {
	Dir              string // <data>/<app>/<project>/knowledge/<category>/<slug>_<doc_id>
	MDPath           string // Dir/<slug>.md
	OriginalFilePath string // Dir/original/<safe file name>
}

// LayoutFor computes the paths for a document under dataDir.
func LayoutFor(dataDir, app, project, category, title, docID, fileName string) Layout {
	slug := Slug(title)
	dir := filepath.Join(dataDir, app, project, "knowledge", category, slug+"_"+docID)
	if fileName == "" {
		fileName = slug + ".txt"
	}
	return Layout{
		Dir:              dir,
		MDPath:           filepath.Join(dir, slug+".md"),
		OriginalFilePath: filepath.Join(dir, "original", SafeFileName(fileName)),
	}
}

// RenderMarkdown is the knowledge file for a document: title, subject,
// summary, keywords and the topic tree with the blocks each topic cites.
func RenderMarkdown(title, docID, category string, x Extraction, paras []string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(title))
	fmt.Fprintf(&b, "- doc_id: %s\n- category: %s\n- language: %s\n- subject: %s\n", docID, category, oneLine(x.Language), oneLine(x.Subject))
	if len(x.Keywords) > 0 {
		fmt.Fprintf(&b, "- keywords: %s\n", oneLine(strings.Join(x.Keywords, ", ")))
	}
	fmt.Fprintf(&b, "\n## Summary\n\n%s\n\n## Topics\n", oneLine(x.Summary))
	renderTopics(&b, x.Topics, paras, 3)
	return []byte(b.String())
}

func renderTopics(b *strings.Builder, ts []TopicNode, paras []string, level int) {
	for _, t := range ts {
		fmt.Fprintf(b, "\n%s %s\n\n%s\n", strings.Repeat("#", min(level, 6)), oneLine(t.Topic), oneLine(t.Summary))
		for _, ref := range t.BlockRefs {
			if ref >= 0 && ref < len(paras) {
				fmt.Fprintf(b, "\n> [%d] %s\n", ref, oneLine(paras[ref]))
			}
		}
		renderTopics(b, t.Children, paras, level+1)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// tempPrefix marks directories that are being written; SweepTemp removes
// leftovers of a crash.
const tempPrefix = ".tmp-"

// WriteFiles writes the markdown and the original into a temporary sibling
// directory and renames it to l.Dir in one step: readers see the whole
// directory or nothing. On error nothing is left behind. It does NOT sync:
// it returns what must be made durable, in order (the two files, then each
// directory naming a new entry, the deepest first, including the ones
// MkdirAll created), for the store's group commit (store.Document.SyncPaths).
func WriteFiles(l Layout, markdown, original []byte) (sync []string, err error) {
	parent := filepath.Dir(l.Dir)
	created, err := mkdirAll(parent)
	if err != nil {
		return nil, fmt.Errorf("write files: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, tempPrefix+filepath.Base(l.Dir)+"-")
	if err != nil {
		return nil, fmt.Errorf("write files: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	rel := func(p string) string { return filepath.Join(tmp, strings.TrimPrefix(p, l.Dir)) }
	if err := writeFile(rel(l.MDPath), markdown); err != nil {
		return nil, err
	}
	if err := writeFile(rel(l.OriginalFilePath), original); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, l.Dir); err != nil {
		return nil, fmt.Errorf("write files: publish %s: %w", l.Dir, err)
	}
	sync = []string{l.MDPath, l.OriginalFilePath, filepath.Dir(l.OriginalFilePath), l.Dir, parent}
	for _, d := range created { // created is the deepest first; each one's entry is in its parent
		sync = append(sync, filepath.Dir(d))
	}
	return sync, nil
}

// mkdirAll is os.MkdirAll that reports the directories it created, the
// deepest first.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		missing = append(missing, d)
	}
	return missing, os.MkdirAll(dir, 0o755)
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// RemoveFiles deletes a document's directory (used when its store write
// fails or loses a duplicate race, and on DELETE).
func RemoveFiles(l Layout) error {
	return os.RemoveAll(l.Dir)
}

// SweepTemp removes temporary directories a crash left under dataDir and
// returns how many it removed.
func SweepTemp(dataDir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dataDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), tempPrefix) {
			n++
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return filepath.SkipDir
		}
		return nil
	})
	return n, err
}
