package lancedb

import (
	"slices"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/hangarhq/hangar/server/store"
)

func pendingRows(t *testing.T) []pending {
	t.Helper()
	rows, err := prepare([]store.TopicRow{topic("a", "d1", 3, 4, 0), topic("b", "d2", 0, 0, 2)}, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].created, rows[i].updated = int64(100+i), 200
	}
	return rows
}

// column returns the named column of rec as Go values.
func column(t *testing.T, rec arrow.Record, name string) any {
	t.Helper()
	idx := rec.Schema().FieldIndices(name)
	if len(idx) != 1 {
		t.Fatalf("column %s: %d matches", name, len(idx))
	}
	switch c := rec.Column(idx[0]).(type) {
	case *array.String:
		out := make([]string, c.Len())
		for i := range out {
			out[i] = c.Value(i)
		}
		return out
	case *array.Int64:
		return slices.Clone(c.Int64Values())
	case *array.FixedSizeList:
		return slices.Clone(c.ListValues().(*array.Float32).Float32Values())
	}
	t.Fatalf("column %s: unexpected %T", name, rec.Column(idx[0]))
	return nil
}

func TestBuildRecord(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	// The table's own column order is used, whatever it is.
	fields := Schema(3).Fields()
	slices.Reverse(fields)
	for _, schema := range []*arrow.Schema{Schema(3), arrow.NewSchema(fields, nil)} {
		rec, err := buildRecord(mem, schema, pendingRows(t))
		if err != nil {
			t.Fatal(err)
		}
		if !rec.Schema().Equal(schema) || rec.NumRows() != 2 {
			t.Errorf("record: schema %s, %d rows; want the table's schema, 2 rows", rec.Schema(), rec.NumRows())
		}
		for _, tc := range []struct {
			col  string
			want any
		}{
			{"id", []string{"a", "b"}},
			{"doc_id", []string{"d1", "d2"}},
			{"category_id", []string{"Tech", "Tech"}},
			{"topic_name", []string{"t a", "t b"}},
			{"summary", []string{"s a", "s b"}},
			{"md_path", []string{"/md/d1", "/md/d2"}},
			{"content_sha256", []string{"sha", "sha"}},
			{"vector", []float32{0.6, 0.8, 0, 0, 0, 1}},
			{"created_at", []int64{100, 101}},
			{"updated_at", []int64{200, 200}},
		} {
			if got := column(t, rec, tc.col); !equal(got, tc.want) {
				t.Errorf("column %s: got %v, want %v", tc.col, got, tc.want)
			}
		}
		rec.Release()
	}
}

func equal(a, b any) bool {
	switch a := a.(type) {
	case []string:
		return slices.Equal(a, b.([]string))
	case []int64:
		return slices.Equal(a, b.([]int64))
	case []float32:
		return slices.Equal(a, b.([]float32))
	}
	return false
}

func TestBuildRecordRejects(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tests := []struct {
		name   string
		schema *arrow.Schema
		want   string
	}{
		{"other dimension", Schema(4), "column vector: row a: 3 values, want 4"},
		{"unknown column", arrow.NewSchema([]arrow.Field{{Name: "tags", Type: arrow.BinaryTypes.String}}, nil),
			"column tags: not a column of the topic table"},
		{"wrong builder", arrow.NewSchema([]arrow.Field{{Name: "updated_at", Type: arrow.BinaryTypes.String}}, nil),
			"column updated_at: builder is *array.StringBuilder, want int64"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := buildRecord(mem, tc.schema, pendingRows(t))
			if err == nil {
				rec.Release()
				t.Fatal("no error")
			}
			if err.Error() != tc.want {
				t.Errorf("got %q, want %q", err, tc.want)
			}
		})
	}
}
