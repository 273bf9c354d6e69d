package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"
)

// maxFileSize bounds a scenario or plan file.
const maxFileSize = 1 << 20

// Load reads, decodes, defaults and validates the scenario file at path.
// plan_file and corpus dir paths are resolved relative to the file's
// directory. A returned error is an ErrorList, or a read error.
func Load(file string) (*Scenario, error) {
	data, err := osFiles{}.read(file)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return parse(file, data, osFiles{dir: filepath.Dir(file)})
}

// Parse decodes, defaults and validates a scenario from data; name is used
// in error messages, and relative paths resolve against its directory on
// the OS file system.
func Parse(name string, data []byte) (*Scenario, error) {
	return parse(name, data, osFiles{dir: filepath.Dir(name)})
}

// ParseFS is Parse for a scenario inside fsys (such as the embedded
// scenarios); relative paths resolve inside fsys.
func ParseFS(fsys fs.FS, name string) (*Scenario, error) {
	data, err := readLimited(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return parse(name, data, fsFiles{fsys: fsys, dir: path.Dir(name)})
}

// files resolves and reads paths named inside a scenario.
type files interface {
	resolve(rel string) string
	read(resolved string) ([]byte, error)
	isDir(resolved string) (bool, error)
}

type osFiles struct{ dir string }

func (o osFiles) resolve(rel string) string {
	if filepath.IsAbs(rel) {
		return filepath.Clean(rel)
	}
	return filepath.Join(o.dir, rel)
}

func (o osFiles) read(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllLimited(f, p)
}

func (o osFiles) isDir(p string) (bool, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return false, err
	}
	return fi.IsDir(), nil
}

type fsFiles struct {
	fsys fs.FS
	dir  string
}

func (f fsFiles) resolve(rel string) string { return path.Join(f.dir, rel) }

func (f fsFiles) read(p string) ([]byte, error) { return readLimited(f.fsys, p) }

func (f fsFiles) isDir(p string) (bool, error) {
	fi, err := fs.Stat(f.fsys, p)
	if err != nil {
		return false, err
	}
	return fi.IsDir(), nil
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllLimited(f, name)
}

func readAllLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxFileSize)
	}
	return data, nil
}

func parse(name string, data []byte, fsys files) (*Scenario, error) {
	p := &problems{file: name}
	root := parseDocument(p, data)
	if root == nil {
		return nil, p.err()
	}
	d := newDecoder(p)
	s := &Scenario{File: name, Source: data}
	d.decode(root, "", reflect.ValueOf(s).Elem())
	if p.err() != nil {
		return nil, p.err()
	}
	s.positions = d.seen
	s.applyDefaults(d.seen)
	v := &validator{problems: p, seen: d.seen, files: fsys, s: s}
	v.validate()
	sortErrors(p.errs)
	if err := p.err(); err != nil {
		return nil, err
	}
	return s, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseDocument parses data into one YAML document's root node, reporting
// syntax errors with their line.
func parseDocument(p *problems, data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.addf(Pos{}, "", "empty scenario")
			return nil
		}
		p.addf(yamlErrPos(err), "", "%s", yamlErrMsg(err))
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.addf(Pos{Line: extra.Line, Col: extra.Column}, "", "more than one YAML document (a scenario is one document)")
		return nil
	case !errors.Is(err, io.EOF):
		p.addf(yamlErrPos(err), "", "%s", yamlErrMsg(err))
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.addf(posOf(root), "", "want a mapping at the top level, got %s", describe(root))
		return nil
	}
	return root
}

func yamlErrPos(err error) Pos {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Pos{Line: line}
	}
	return Pos{}
}

func yamlErrMsg(err error) string {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return "invalid YAML: " + m[2]
	}
	return "invalid YAML: " + err.Error()
}

// sortErrors orders problems by position; unpositioned ones first.
func sortErrors(errs ErrorList) {
	slices.SortStableFunc(errs, func(a, b *Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
}
