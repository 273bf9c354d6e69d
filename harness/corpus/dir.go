package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// MaxFileSize bounds one file of a Dir source.
const MaxFileSize = 64 << 20

// Dir serves the regular, non-hidden files of a folder (not recursive), in
// name order. It reads each file when asked for it.
type Dir struct {
	dir   string
	names []string
}

// NewDir lists dir; it is an error for it to hold no usable file.
func NewDir(dir string) (*Dir, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus dir: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("corpus dir %s: no files", dir)
	}
	slices.Sort(names)
	return &Dir{dir: dir, names: names}, nil
}

// Len is the number of files.
func (d *Dir) Len() int { return len(d.names) }

// Doc returns file i mod Len. From the second round on the title carries
// the round ("notes (round 2)") so each upload is a distinct document.
func (d *Dir) Doc(i int) (Document, error) {
	if i < 0 {
		return Document{}, fmt.Errorf("corpus: negative document index %d", i)
	}
	name := d.names[i%len(d.names)]
	content, err := readFile(filepath.Join(d.dir, name))
	if err != nil {
		return Document{}, err
	}
	title := titleOf(name, content)
	if round := i/len(d.names) + 1; round > 1 {
		title = fmt.Sprintf("%s (round %d)", title, round)
	}
	return Document{Title: title, Filename: name, Content: content}, nil
}

func readFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("corpus: %s is larger than %d bytes", path, MaxFileSize)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("corpus: %s vanished: %w", path, err)
	}
	return data, err
}

// titleOf is the first markdown H1 of content, else the file name without
// its extension; it falls back to "document" when neither has a letter
// or digit.
func titleOf(name string, content []byte) string {
	for line := range strings.Lines(string(content[:min(len(content), 4096)])) {
		if t, ok := strings.CutPrefix(line, "# "); ok && hasWord(t) {
			return strings.TrimSpace(t)
		}
	}
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if hasWord(base) {
		return base
	}
	return "document"
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
	}) >= 0
}
