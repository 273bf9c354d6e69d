package lancedb

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
)

func TestSchemaShape(t *testing.T) {
	s := Schema(1024)
	var names []string
	for _, f := range s.Fields() {
		names = append(names, f.Name)
	}
	want := "id doc_id category_id topic_name summary md_path content_sha256 vector created_at updated_at"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("columns: got %q, want %q", got, want)
	}
	vec := s.Field(s.FieldIndices("vector")[0]).Type.(*arrow.FixedSizeListType)
	if vec.Len() != 1024 || vec.Elem().ID() != arrow.FLOAT32 {
		t.Errorf("vector column: got %s, want fixed_size_list<float32>[1024]", vec)
	}
	if err := checkSchema(s, 1024); err != nil {
		t.Errorf("Schema(1024) fails its own check: %v", err)
	}
}

func TestCheckSchema(t *testing.T) {
	base := Schema(4).Fields()
	with := func(edit func([]arrow.Field) []arrow.Field) *arrow.Schema {
		return arrow.NewSchema(edit(append([]arrow.Field(nil), base...)), nil)
	}
	tests := []struct {
		name string
		give *arrow.Schema
		want string // "" means accepted
	}{
		{"same", Schema(4), ""},
		{"reordered and nullable", with(func(f []arrow.Field) []arrow.Field {
			f[0], f[9] = f[9], f[0]
			f[2].Nullable = true
			return f
		}), ""},
		{"nil", nil, "table has no schema"},
		{"missing column", with(func(f []arrow.Field) []arrow.Field { return f[1:] }), "table schema: column id missing"},
		{"extra column", with(func(f []arrow.Field) []arrow.Field {
			return append(f, arrow.Field{Name: "tags", Type: arrow.BinaryTypes.String})
		}), "table schema: unexpected column tags (utf8)"},
		{"wrong type", with(func(f []arrow.Field) []arrow.Field {
			f[8].Type = arrow.BinaryTypes.String
			return f
		}), "table schema: column created_at is utf8, want int64"},
		{"other dimension", Schema(8), "table schema: column vector has 8 dimensions, the backend is configured for 4"},
		{"float64 vector", with(func(f []arrow.Field) []arrow.Field {
			f[7].Type = arrow.FixedSizeListOf(4, arrow.PrimitiveTypes.Float64)
			return f
		}), "table schema: column vector is fixed_size_list<item: float64, nullable>[4], want fixed_size_list<float32>"},
		{"two problems", with(func(f []arrow.Field) []arrow.Field {
			f[1].Type = arrow.PrimitiveTypes.Int64
			return f[:9]
		}), "table schema: column doc_id is int64, want utf8; column updated_at missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkSchema(tc.give, 4)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
