package lancedb

import (
	"encoding/json"
	"strings"
	"testing"
)

// row decodes JSON the way lancedb-go does (encoding/json into a map).
func row(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

const goodHit = `{"id":"a","doc_id":"d","category_id":"Tech","topic_name":"t","summary":"s","md_path":"/m",
	"vector":[0.6,0.800000011920929],"updated_at":1795766400123456,"_distance":0.1}`

func TestDecodeHit(t *testing.T) {
	got, err := decodeHit(row(t, goodHit), 2)
	if err != nil {
		t.Fatal(err)
	}
	if h := got.hit; h.ID != "a" || h.DocID != "d" || h.CategoryID != "Tech" || h.TopicName != "t" ||
		h.Summary != "s" || h.MDPath != "/m" {
		t.Errorf("hit: got %+v", h)
	}
	if got.vector[0] != 0.6 || got.vector[1] != 0.8 || got.updated != 1795766400123456 {
		t.Errorf("vector %v updated %d: want [0.6 0.8] 1795766400123456 exactly", got.vector, got.updated)
	}
	// A null text column reads as "".
	if got, err := decodeHit(row(t, strings.Replace(goodHit, `"Tech"`, "null", 1)), 2); err != nil || got.hit.CategoryID != "" {
		t.Errorf("null category: got %q, %v", got.hit.CategoryID, err)
	}
}

func TestDecodeHitRejects(t *testing.T) {
	tests := []struct {
		name string
		old  string
		new  string
		want string
	}{
		{"null id", `"id":"a"`, `"id":null`, "column id is empty or null"},
		{"numeric id", `"id":"a"`, `"id":7`, "column id is float64, want string"},
		{"no doc", `"doc_id":"d",`, ``, "row a: column doc_id missing from the result"},
		{"short vector", `[0.6,0.800000011920929]`, `[0.6]`, "row a: column vector has 1 values, want 2"},
		{"vector text", `[0.6,0.800000011920929]`, `"[0.6,0.8]"`, "row a: column vector is string, want a list"},
		{"vector null item", `[0.6,0.800000011920929]`, `[0.6,null]`, "row a: column vector[1] is <nil>, want a number"},
		{"fractional stamp", `1795766400123456`, `1.5`, "row a: column updated_at is 1.5, not an integer JSON keeps exactly"},
		{"huge stamp", `1795766400123456`, `1795766400123456789`, "row a: column updated_at is 1.7957664001234568e+18, not an integer JSON keeps exactly"},
		{"unsupported type", `1795766400123456`, `"Unsupported type: Timestamp"`, "row a: column updated_at is string, want a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeHit(row(t, strings.Replace(goodHit, tc.old, tc.new, 1)), 2)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDecodeVersion(t *testing.T) {
	got, err := decodeVersion(row(t, `{"id":"a","created_at":5,"updated_at":9}`))
	if err != nil || got.hit.ID != "a" || got.created != 5 || got.updated != 9 {
		t.Errorf("got %+v, %v", got, err)
	}
	if _, err := decodeVersion(row(t, `{"id":"a","updated_at":9}`)); err == nil ||
		err.Error() != "row a: column created_at missing from the result" {
		t.Errorf("missing created_at: got %v", err)
	}
}

// FuzzDecodeHit feeds arbitrary result rows: decoding never panics, and a
// decoded row always has an id and a vector of the table's dimension.
func FuzzDecodeHit(f *testing.F) {
	f.Add(goodHit)
	f.Add(`{"id":"a","vector":[1e400]}`)
	f.Add(`{"id":"","vector":[],"updated_at":-1}`)
	f.Fuzz(func(t *testing.T, s string) {
		var m map[string]any
		if json.Unmarshal([]byte(s), &m) != nil {
			return
		}
		got, err := decodeHit(m, 2)
		if err == nil && (got.hit.ID == "" || len(got.vector) != 2) {
			t.Fatalf("accepted %s as %+v", s, got)
		}
	})
}
