package dashboards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// DashboardsDir is where the generated JSON lives, relative to the
// repository root (the Grafana provider in grafana/provisioning reads it).
const DashboardsDir = "dashboards/grafana/dashboards"

// File is one generated file.
type File struct {
	Name string // base name, e.g. hangar-ingest.json
	Data []byte
}

// Render builds every dashboard and encodes it as indented JSON.
func Render() ([]File, error) {
	var files []File
	for _, d := range All() {
		model, err := Build(d)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(model); err != nil {
			return nil, fmt.Errorf("dashboard %s: encode: %w", d.UID, err)
		}
		files = append(files, File{Name: d.UID + ".json", Data: buf.Bytes()})
	}
	return files, nil
}

// Write renders every dashboard into dir, replacing each file atomically
// (temp file + rename), and returns the paths written.
func Write(dir string) ([]string, error) {
	files, err := Render()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write dashboards: %w", err)
	}
	var paths []string
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := writeAtomic(path, f.Data); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
