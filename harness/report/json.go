package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxJSONSize bounds report.json when reading it back.
const MaxJSONSize = 512 << 20

// WriteJSON writes r as indented JSON. A zero FormatVersion is written as
// FormatVersion.
func WriteJSON(w io.Writer, r *Report) error {
	out := *r
	if out.FormatVersion == 0 {
		out.FormatVersion = FormatVersion
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("write report json: %w", err)
	}
	return nil
}

// ReadJSON reads a report written by WriteJSON. Unknown fields, a newer
// format version, a missing scenario name and trailing data are errors;
// syntax errors name their line and column.
func ReadJSON(rd io.Reader) (*Report, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxJSONSize+1))
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	if len(data) > MaxJSONSize {
		return nil, fmt.Errorf("read report: larger than %d bytes", MaxJSONSize)
	}
	var r Report
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, jsonError(data, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("read report: %s: data after the report object", position(data, dec.InputOffset()))
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	return &r, nil
}

// ReadFile reads report.json at path.
func ReadFile(path string) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	r, err := ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

func (r *Report) check() error {
	switch {
	case r.FormatVersion == 0:
		return errors.New("format_version missing: not a hangar report")
	case r.FormatVersion > FormatVersion:
		return fmt.Errorf("format_version %d is newer than this hangar understands (%d)", r.FormatVersion, FormatVersion)
	case r.Scenario.Name == "":
		return errors.New("scenario.name missing")
	}
	return nil
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("read report: %s: invalid JSON: %v", position(data, syn.Offset-1), err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) && typ.Field == "" {
		return fmt.Errorf("read report: want a JSON object, got %s", typ.Value)
	}
	if errors.As(err, &typ) {
		return fmt.Errorf("read report: %s: %s: want %s, got %s", position(data, typ.Offset), typ.Field, typ.Type, typ.Value)
	}
	if errors.Is(err, io.EOF) {
		return errors.New("read report: empty file")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("read report: truncated JSON")
	}
	return fmt.Errorf("read report: %w", err)
}

// position turns a byte offset into "line L col C".
func position(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("line %d col %d", line, col)
}
