package scenario

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/hangarhq/hangar/internal/strictyaml"
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
	root, err := strictyaml.Parse(name, data, strictyaml.Noun("scenario"))
	if err != nil {
		return nil, err
	}
	d := strictyaml.NewDecoder(name)
	s := &Scenario{File: name, Source: data}
	if !d.Decode(root, "", s) {
		return nil, d.Err()
	}
	s.positions = d.Positions()
	s.applyDefaults(s.positions)
	v := &validator{Decoder: d, files: fsys, s: s}
	v.validate()
	if err := d.Err(); err != nil {
		return nil, err
	}
	return s, nil
}
