package matrix

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMergeRejects: each bad set of shards is refused with its exact
// message (DIR is the test's directory).
func TestMergeRejects(t *testing.T) {
	dir := t.TempDir()
	runShards(t, fakeConfig(newFake()), 3, dir)                                    // s1..s3
	runShards(t, fakeConfig(newFake()), 2, filepath.Join(dir, "two"))              // two/s1, two/s2
	runShards(t, fakeConfig(newFake(), "d1", "d2"), 3, filepath.Join(dir, "less")) // another matrix
	whole, err := Run(t.Context(), fakeConfig(newFake()))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(filepath.Join(dir, "whole"), whole); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s1, err := os.ReadFile(filepath.Join(dir, "s1", JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	write("truncated.json", string(s1[:len(s1)/2]))
	write("unknown.json", `{"scenarios": [], "bogus": 1}`)
	write("trailing.json", string(s1)+"{}")
	write("syntax.json", `{"scenarios": [}`)
	write("relabelled.json", strings.Replace(string(s1), `"k": 1,`, `"k": 2,`, 1))
	write("nodet.json", dropDeterminism(t, dir))

	tests := []struct {
		name string
		give []string
		want string
	}{
		{"missing shard", []string{"s1", "s3"}, "missing shard 2/3 (have 2 of 3)"},
		{"missing two shards", []string{"s2"}, "missing shard 1/3, 3/3 (have 1 of 3)"},
		{"overlap", []string{"s1", "s2", "s2", "s3"},
			"shards overlap: DIR/s2/defect-matrix.json and DIR/s2/defect-matrix.json are both shard 2/3"},
		{"mismatched N", []string{"s1", "two/s2", "s3"},
			"shards disagree on N: DIR/s1/defect-matrix.json is shard 1/3, DIR/two/s2/defect-matrix.json is shard 2/2"},
		{"other matrix", []string{"s1", "s2", "less/s3"},
			"shards disagree on the matrix's cells: DIR/s1/defect-matrix.json has 16, DIR/less/s3/defect-matrix.json has 12 (first difference: a/d3 only in the first)"},
		{"not a shard", []string{"whole"}, `DIR/whole/defect-matrix.json: not a shard (no "shard" record)`},
		{"no file", []string{"s9"}, "open DIR/s9: no such file or directory"},
		{"truncated JSON", []string{"truncated.json"}, "DIR/truncated.json: malformed: unexpected EOF"},
		{"syntax error", []string{"syntax.json"}, "DIR/syntax.json: malformed: invalid character '}' looking for beginning of value"},
		{"unknown field", []string{"unknown.json"}, `DIR/unknown.json: malformed: json: unknown field "bogus"`},
		{"trailing data", []string{"trailing.json"}, "DIR/trailing.json: malformed: data after the matrix"},
		{"cell of another shard", []string{"relabelled.json"}, "DIR/relabelled.json: cell a/correct is not shard 2/3's"},
		{"determinism missing", []string{"nodet.json"}, "DIR/nodet.json: no determinism result for b, which shard 2/3 owns"},
		{"nothing", nil, "no shards to merge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var paths []string
			for _, g := range tt.give {
				paths = append(paths, filepath.Join(dir, g))
			}
			_, err := MergeFiles(paths)
			if err == nil {
				t.Fatalf("merge of %v succeeded, want %q", tt.give, tt.want)
			}
			if got := strings.ReplaceAll(err.Error(), dir, "DIR"); got != tt.want {
				t.Fatalf("merge of %v:\n got %s\nwant %s", tt.give, got, tt.want)
			}
		})
	}
}

// dropDeterminism is the shard owning the determinism check without its
// result.
func dropDeterminism(t *testing.T, dir string) string {
	t.Helper()
	for _, s := range []string{"s1", "s2", "s3"} {
		p, err := ReadPart(filepath.Join(dir, s))
		if err != nil {
			t.Fatal(err)
		}
		if p.M.Determinism == nil {
			continue
		}
		p.M.Determinism = nil
		b, err := json.Marshal(p.M)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatal("no shard holds the determinism result")
	return ""
}
