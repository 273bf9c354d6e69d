package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteDir writes report.json and the rendered files (Render) into dir,
// creating it. Each file is written to a temporary name and renamed, so
// a reader never sees half a file.
func WriteDir(dir string, r *Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := writeAtomic(filepath.Join(dir, JSONFile), r, WriteJSON); err != nil {
		return err
	}
	return Render(dir, r)
}

// Render writes junit.xml, report.html and summary.txt for r into dir
// (which must exist); report.json is left alone.
func Render(dir string, r *Report) error {
	var errs []error
	for name, write := range map[string]func(io.Writer, *Report) error{
		JUnitFile: WriteJUnit, HTMLFile: WriteHTML, SummaryFile: WriteSummary,
	} {
		errs = append(errs, writeAtomic(filepath.Join(dir, name), r, write))
	}
	return errors.Join(errs...)
}

// ReadDir reads dir/report.json.
func ReadDir(dir string) (*Report, error) {
	return ReadFile(filepath.Join(dir, JSONFile))
}

func writeAtomic(path string, r *Report, write func(io.Writer, *Report) error) error {
	var b bytes.Buffer
	if err := write(&b, r); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	_, err = tmp.Write(b.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}
