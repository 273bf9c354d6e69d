package lancedb

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// buildRecord turns rows into one arrow record with the table's own schema
// (its column order and nullability), which checkSchema has accepted. The
// caller releases the record.
func buildRecord(mem memory.Allocator, schema *arrow.Schema, rows []pending) (arrow.Record, error) {
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for i, f := range schema.Fields() {
		if err := appendColumn(b.Field(i), f.Name, rows); err != nil {
			return nil, fmt.Errorf("column %s: %w", f.Name, err)
		}
	}
	return b.NewRecord(), nil
}

func appendColumn(fb array.Builder, name string, rows []pending) error {
	switch name {
	case colVector:
		return appendVectors(fb, rows)
	case colCreatedAt, colUpdatedAt:
		ib, ok := fb.(*array.Int64Builder)
		if !ok {
			return fmt.Errorf("builder is %T, want int64", fb)
		}
		for _, r := range rows {
			ib.Append(stampOf(name, r))
		}
		return nil
	}
	sb, ok := fb.(*array.StringBuilder)
	if !ok {
		return fmt.Errorf("builder is %T, want string", fb)
	}
	for _, r := range rows {
		v, known := stringOf(name, r)
		if !known {
			return fmt.Errorf("not a column of the topic table")
		}
		sb.Append(v)
	}
	return nil
}

func appendVectors(fb array.Builder, rows []pending) error {
	lb, ok := fb.(*array.FixedSizeListBuilder)
	if !ok {
		return fmt.Errorf("builder is %T, want fixed_size_list", fb)
	}
	vb, ok := lb.ValueBuilder().(*array.Float32Builder)
	if !ok {
		return fmt.Errorf("value builder is %T, want float32", lb.ValueBuilder())
	}
	dim := int(lb.Type().(*arrow.FixedSizeListType).Len())
	for _, r := range rows {
		if len(r.unit) != dim {
			return fmt.Errorf("row %s: %d values, want %d", r.ID, len(r.unit), dim)
		}
		lb.Append(true)
		vb.AppendValues(r.unit, nil)
	}
	return nil
}

func stampOf(name string, r pending) int64 {
	if name == colCreatedAt {
		return r.created
	}
	return r.updated
}

func stringOf(name string, r pending) (string, bool) {
	switch name {
	case colID:
		return r.ID, true
	case colDocID:
		return r.DocID, true
	case colCategoryID:
		return r.CategoryID, true
	case colTopicName:
		return r.TopicName, true
	case colSummary:
		return r.Summary, true
	case colMDPath:
		return r.MDPath, true
	case colContentSHA256:
		return r.ContentSHA256, true
	}
	return "", false
}
