package lancedb

import (
	"fmt"
	"math"

	"github.com/hangarhq/hangar/server/store"
)

// searchColumns are the columns a search reads back.
var searchColumns = []string{colID, colDocID, colCategoryID, colTopicName, colSummary, colMDPath, colVector, colUpdatedAt}

// versionColumns are the columns the repair pass and upsert read.
var versionColumns = []string{colID, colCreatedAt, colUpdatedAt}

// stored is one row read back from the table. lancedb-go returns rows as
// decoded JSON: strings, float64 numbers, []any for the vector.
type stored struct {
	hit     store.Hit
	vector  []float32
	created int64
	updated int64
}

func decodeHit(m map[string]any, dim int) (stored, error) {
	var s stored
	var err error
	if s.hit.ID, err = key(m, colID); err != nil {
		return s, err
	}
	for _, f := range []struct {
		col string
		dst *string
	}{{colDocID, &s.hit.DocID}, {colCategoryID, &s.hit.CategoryID}, {colTopicName, &s.hit.TopicName},
		{colSummary, &s.hit.Summary}, {colMDPath, &s.hit.MDPath}} {
		if *f.dst, err = text(m, f.col); err != nil {
			return s, fmt.Errorf("row %s: %w", s.hit.ID, err)
		}
	}
	if s.vector, err = vector(m, dim); err != nil {
		return s, fmt.Errorf("row %s: %w", s.hit.ID, err)
	}
	if s.updated, err = integer(m, colUpdatedAt); err != nil {
		return s, fmt.Errorf("row %s: %w", s.hit.ID, err)
	}
	return s, nil
}

func decodeVersion(m map[string]any) (stored, error) {
	var s stored
	var err error
	if s.hit.ID, err = key(m, colID); err != nil {
		return s, err
	}
	if s.created, err = integer(m, colCreatedAt); err != nil {
		return s, fmt.Errorf("row %s: %w", s.hit.ID, err)
	}
	if s.updated, err = integer(m, colUpdatedAt); err != nil {
		return s, fmt.Errorf("row %s: %w", s.hit.ID, err)
	}
	return s, nil
}

// key reads a column that must hold a non-empty string.
func key(m map[string]any, col string) (string, error) {
	s, err := text(m, col)
	if err == nil && s == "" {
		err = fmt.Errorf("column %s is empty or null", col)
	}
	return s, err
}

// text reads a string column; null reads as "".
func text(m map[string]any, col string) (string, error) {
	v, ok := m[col]
	if !ok {
		return "", fmt.Errorf("column %s missing from the result", col)
	}
	switch s := v.(type) {
	case nil:
		return "", nil
	case string:
		return s, nil
	}
	return "", fmt.Errorf("column %s is %T, want string", col, v)
}

// integer reads an int64 column that came through JSON as a float64.
func integer(m map[string]any, col string) (int64, error) {
	v, ok := m[col]
	if !ok {
		return 0, fmt.Errorf("column %s missing from the result", col)
	}
	f, ok := v.(float64)
	if !ok {
		return 0, fmt.Errorf("column %s is %T, want a number", col, v)
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("column %s is %v, not an integer JSON keeps exactly", col, f)
	}
	return int64(f), nil
}

func vector(m map[string]any, dim int) ([]float32, error) {
	v, ok := m[colVector]
	if !ok {
		return nil, fmt.Errorf("column %s missing from the result", colVector)
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("column %s is %T, want a list", colVector, v)
	}
	if len(list) != dim {
		return nil, fmt.Errorf("column %s has %d values, want %d", colVector, len(list), dim)
	}
	out := make([]float32, dim)
	for i, x := range list {
		f, ok := x.(float64)
		if !ok {
			return nil, fmt.Errorf("column %s[%d] is %T, want a number", colVector, i, x)
		}
		out[i] = float32(f)
	}
	return out, nil
}
