package lancedb

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
)

// Defaults for Options.
const (
	DefaultDim    = 1024              // EverOS' embedding size
	DefaultTable  = "knowledge_topic" // EverOS' table name
	DefaultSubdir = "lancedb"         // under the store's directory
)

// Column names of the table, as in EverOS' knowledge_topic.
const (
	colID            = "id"
	colDocID         = "doc_id"
	colCategoryID    = "category_id"
	colTopicName     = "topic_name"
	colSummary       = "summary"
	colMDPath        = "md_path"
	colContentSHA256 = "content_sha256"
	colVector        = "vector"
	colCreatedAt     = "created_at" // µs since the Unix epoch
	colUpdatedAt     = "updated_at" // µs since the Unix epoch; unique per upsert
)

var stringColumns = []string{colID, colDocID, colCategoryID, colTopicName, colSummary, colMDPath, colContentSHA256}

// Schema is the arrow schema of the topic table with dim-dimensional vectors.
func Schema(dim int) *arrow.Schema {
	fields := make([]arrow.Field, 0, len(stringColumns)+3)
	for _, name := range stringColumns {
		fields = append(fields, arrow.Field{Name: name, Type: arrow.BinaryTypes.String})
	}
	fields = append(fields,
		arrow.Field{Name: colVector, Type: arrow.FixedSizeListOf(int32(dim), arrow.PrimitiveTypes.Float32)},
		arrow.Field{Name: colCreatedAt, Type: arrow.PrimitiveTypes.Int64},
		arrow.Field{Name: colUpdatedAt, Type: arrow.PrimitiveTypes.Int64})
	return arrow.NewSchema(fields, nil)
}

// checkSchema reports every way an existing table's schema differs from
// Schema(dim): missing or extra columns, wrong types, another dimension.
// Column order and nullability may differ (records are built from the
// table's own schema).
func checkSchema(got *arrow.Schema, dim int) error {
	if got == nil {
		return fmt.Errorf("table has no schema")
	}
	want := Schema(dim)
	var problems []string
	for _, f := range want.Fields() {
		idx := got.FieldIndices(f.Name)
		if len(idx) == 0 {
			problems = append(problems, fmt.Sprintf("column %s missing", f.Name))
			continue
		}
		if p := typeProblem(f, got.Field(idx[0]).Type, dim); p != "" {
			problems = append(problems, p)
		}
	}
	for _, f := range got.Fields() {
		if !want.HasField(f.Name) {
			problems = append(problems, fmt.Sprintf("unexpected column %s (%s)", f.Name, f.Type))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("table schema: %s", strings.Join(problems, "; "))
	}
	return nil
}

func typeProblem(want arrow.Field, got arrow.DataType, dim int) string {
	if want.Name != colVector {
		if got.ID() != want.Type.ID() {
			return fmt.Sprintf("column %s is %s, want %s", want.Name, got, want.Type)
		}
		return ""
	}
	fsl, ok := got.(*arrow.FixedSizeListType)
	switch {
	case !ok || fsl.Elem().ID() != arrow.FLOAT32:
		return fmt.Sprintf("column vector is %s, want fixed_size_list<float32>", got)
	case int(fsl.Len()) != dim:
		return fmt.Sprintf("column vector has %d dimensions, the backend is configured for %d", fsl.Len(), dim)
	}
	return ""
}
